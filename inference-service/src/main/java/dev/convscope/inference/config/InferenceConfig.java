package dev.convscope.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

/** Limits and folders of the inference service. */
@ConfigMapping(prefix = "convscope.inference")
public interface InferenceConfig {

  /** Largest image file accepted, in bytes. */
  @WithDefault("20971520")
  @Min(1)
  long maxImageBytes();

  /** Largest image accepted, in pixels (width × height), checked before decoding. */
  @WithDefault("40000000")
  @Min(1)
  long maxImagePixels();

  /**
   * Where pretrained weights may be: a DL4J zip named after a model ({@code caffenet.zip}, {@code
   * vgg16.zip}) is loaded instead of initialised weights. Nothing is ever downloaded.
   */
  java.util.Optional<java.nio.file.Path> modelsDir();

  /** Largest model file accepted by UploadModel, in bytes (512 MiB). */
  @WithDefault("536870912")
  @Min(1)
  long maxModelBytes();

  /**
   * Where uploaded model files are kept on this machine while they are received and once they are
   * loaded; a new temporary folder when not set.
   */
  java.util.Optional<java.nio.file.Path> modelCacheDir();

  /**
   * Where the visualization services are: {@code addresses://visualization} for the replicas in
   * {@code convscope.grpc.addresses.visualization}, or {@code dns:///SERVICE:PORT}.
   */
  @WithDefault("addresses://visualization")
  String visualizationTarget();

  /**
   * How many explanations run at once; one more is refused (RESOURCE_EXHAUSTED, TOO_MANY_CALLS)
   * rather than queued, since each holds a gradient pass's arrays and a core.
   */
  @WithDefault("2")
  @Min(1)
  int maxConcurrentExplanations();
}
