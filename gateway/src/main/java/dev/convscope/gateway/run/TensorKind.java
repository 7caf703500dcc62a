package dev.convscope.gateway.run;

/** What a drawn tensor holds. */
public enum TensorKind {
  /** A service that did not say. */
  UNSPECIFIED,
  /** A layer's output for the image. */
  ACTIVATION,
  /** A layer's learned weights. */
  WEIGHTS
}
