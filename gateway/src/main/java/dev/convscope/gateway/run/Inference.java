package dev.convscope.gateway.run;

import dev.convscope.contract.options.RunOptions;
import dev.convscope.gateway.model.ModelSummary;

/**
 * The inference service, as runs need it. Its failures are gateway failures, never a transport's
 * errors.
 */
public interface Inference {

  /** The model's summary, by name or digest. */
  ModelSummary describe(String model);

  /**
   * Starts running {@code image} through {@code model} with settled {@code options}; the events are
   * read from the answer, which closing cancels on the service.
   */
  InferenceRun start(String model, byte[] image, RunOptions options);
}
