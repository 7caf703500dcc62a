package dev.convscope.gateway.run;

/** Whether the weights that made a run's predictions were trained. */
public enum Weights {
  /** Not said: a run stored before runs said so. */
  UNSPECIFIED,
  /** Trained: the built-in model, a pretrained file, or an uploaded or imported model. */
  TRAINED,
  /** Drawn from a seed and never trained: the predictions say nothing about the image. */
  UNTRAINED
}
