package dev.convscope.gateway.api;

/** A model as stored by an upload; run it as {@code "sha256:" + model.digest}. */
public record UploadedModel(String run, boolean alreadyStored, ModelDetails model) {}
