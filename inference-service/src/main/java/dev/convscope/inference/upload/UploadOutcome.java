package dev.convscope.inference.upload;

import dev.convscope.models.CnnModel;

/**
 * An accepted upload.
 *
 * @param model the model as it now runs under "sha256:" and its digest
 * @param alreadyStored true when the same bytes had been accepted before (nothing was stored again)
 */
public record UploadOutcome(CnnModel model, boolean alreadyStored) {}
