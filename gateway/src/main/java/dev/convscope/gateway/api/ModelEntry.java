package dev.convscope.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.convscope.gateway.model.ModelSummary;

/**
 * One model the inference service can run. A model that has not been loaded yet is known by name
 * and source only, so its digest and whether it is pretrained are left out; so is the display name
 * of a model that has none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelEntry(
    String name, String source, Boolean pretrained, String digest, String displayName) {

  static ModelEntry from(ModelSummary summary) {
    boolean loaded = !summary.digest().isEmpty();
    return new ModelEntry(
        summary.name(),
        summary.source(),
        loaded ? summary.pretrained() : null,
        loaded ? summary.digest() : null,
        summary.displayName().isEmpty() ? null : summary.displayName());
  }
}
