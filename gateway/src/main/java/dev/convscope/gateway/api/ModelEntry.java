package dev.convscope.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.convscope.api.v1.ModelSummary;

/**
 * One model the inference service can run. A model that has not been loaded yet is known by name
 * and source only, so its digest and whether it is pretrained are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelEntry(String name, String source, Boolean pretrained, String digest) {

  static ModelEntry from(ModelSummary summary) {
    boolean loaded = !summary.getDigest().isEmpty();
    return new ModelEntry(
        summary.getName(),
        summary.getSource(),
        loaded ? summary.getPretrained() : null,
        loaded ? summary.getDigest() : null);
  }
}
