package dev.convscope.gateway.run;

import dev.convscope.contract.options.RunOptions;
import java.util.List;
import java.util.Optional;

/**
 * Everything a finished run stored: what was asked, what ran, the predictions and every layer with
 * its pictures' keys. Written after every object it names, so one that exists is a complete run.
 *
 * @param model the model as asked (its digest is in {@code run})
 * @param imageKey the bucket object the image was read from; empty for an image sent with the
 *     request (the run names it by digest)
 * @param options the options in their normalised form, every default written
 * @param createdAt when the run finished, as an ISO-8601 instant
 */
public record RunManifest(
    String runId,
    RunStart run,
    String model,
    Optional<String> imageKey,
    RunOptions options,
    Predictions predictions,
    List<DrawnLayer> layers,
    String createdAt) {

  public RunManifest {
    layers = List.copyOf(layers);
  }
}
