package dev.convscope.visualization.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

/** Limits of the visualization service. */
@ConfigMapping(prefix = "convscope.visualization")
public interface VisualizationConfig {

  /**
   * The largest tensor accepted, in bytes of data; larger ones are refused with RESOURCE_EXHAUSTED.
   * The default (256 MiB) takes CaffeNet's fc6 weights (151 MB).
   */
  @WithDefault("268435456")
  @Min(1)
  long maxTensorBytes();

  /**
   * How many RenderTensors calls one replica draws at once; a call past them is refused at once
   * with RESOURCE_EXHAUSTED, so a slow store cannot make calls pile up without bound.
   */
  @WithDefault("16")
  @Min(1)
  int maxConcurrentCalls();

  /**
   * Bytes of tensor values drawn at once over all calls. The tensors of a call are drawn side by
   * side while later ones still arrive, within this budget and {@link #maxTensorsInFlight()}; the
   * default equals {@link #maxTensorBytes()}, so the service holds at most about twice the largest
   * tensor (one drawn, one arriving).
   */
  @WithDefault("268435456")
  @Min(1)
  long drawingBudgetBytes();

  /** Tensors of one call drawn or waiting to be answered at once. */
  @WithDefault("4")
  @Min(1)
  int maxTensorsInFlight();
}
