package dev.convscope.gateway.run;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.contract.options.InvalidOptionException;
import dev.convscope.contract.options.RunOptions;
import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.failure.InvalidInput;
import dev.convscope.gateway.failure.NotFound;
import dev.convscope.gateway.failure.TooLarge;
import dev.convscope.gateway.model.ModelSummary;
import dev.convscope.gateway.store.Bucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs images through models on the inference service, or answers a repeat from the run's stored
 * manifest. Every front end (REST, NDJSON, SSE, gRPC) goes through here, so they all give the same
 * answers and the same errors: gateway failures, which each front end answers in its own terms.
 */
@ApplicationScoped
public class Runner {

  /** How long a model name's summary (and so its digest) is taken as known without asking. */
  private static final Duration NAME_REMEMBERED_FOR = Duration.ofSeconds(10);

  private record KnownModel(ModelSummary summary, Instant until) {}

  private final Map<String, KnownModel> knownModels = new ConcurrentHashMap<>();

  @Inject Inference inference;

  @Inject Bucket store;

  @Inject Manifests manifests;

  @Inject PictureUrls urls;

  @Inject GatewayConfig config;

  Runner() {
    // For CDI, which injects the fields.
  }

  private Runner(Inference inference, Manifests manifests, Bucket store, GatewayConfig config) {
    this.inference = inference;
    this.store = store;
    this.manifests = manifests;
    this.urls = new PictureUrls(store, config);
    this.config = config;
  }

  /**
   * A runner outside the application, for a shard run by its own command (a Kubernetes Job's pod):
   * the same runs, manifests and repeats as the gateway's.
   */
  public static Runner standalone(
      Inference inference, Manifests manifests, Bucket store, GatewayConfig config) {
    return new Runner(inference, manifests, store, config);
  }

  /**
   * Starts a run, or its replay when it ran before. Fails (with a gateway failure) before answering
   * anything when the request cannot be run: unknown model, unreadable image, too many classes
   * asked for. Its options were read where it came in, so a bad one never gets here.
   */
  public RunEvents open(ImageRunRequest request) {
    String model = request.model().isBlank() ? config.defaultModel() : request.model();
    byte[] image = imageOf(request.image());
    ModelSummary summary = describe(model);
    RunOptions options = settled(request.options(), summary.classes());
    String runId = RunIds.of(summary.digest(), Sha256.hex(image), options);

    Optional<RunManifest> stored = manifests.find(runId);
    if (stored.isPresent()) {
      return new StoredRun(stored.get(), Optional.of(summary), urls);
    }
    Optional<String> imageKey =
        request.image() instanceof ImageSource.Stored object
            ? Optional.of(object.key())
            : Optional.empty();
    InferenceRun upstream = inference.start(model, image, options);
    return new LiveRun(
        new LiveRun.Asked(runId, model, imageKey, options), summary, upstream, manifests, urls);
  }

  /** The options settled for a model of {@code classes} classes (its top-k). */
  private static RunOptions settled(RunOptions options, int classes) {
    try {
      return options.forModel(classes);
    } catch (InvalidOptionException e) {
      throw new InvalidInput(e.option() + ": " + e.getMessage(), e);
    }
  }

  /** A finished run told again from its manifest; NOT_FOUND when no run has this id. */
  public RunEvents replay(String runId) {
    return new StoredRun(manifest(runId), Optional.empty(), urls);
  }

  /** A finished run's manifest; NOT_FOUND when no run has this id. */
  public RunManifest manifest(String runId) {
    return manifests
        .find(runId)
        .orElseThrow(() -> new NotFound("there is no finished run '" + runId + "'"));
  }

  /** The model's summary, by name or digest. */
  public ModelSummary describe(String model) {
    Instant now = Instant.now();
    KnownModel known = knownModels.get(model);
    if (known != null && now.isBefore(known.until())) {
      return known.summary();
    }
    ModelSummary summary = inference.describe(model);
    // A digest names the same model for ever; a name may be given other weights (a new
    // caffenet.zip), so what it stands for is asked again after a short while.
    Instant until = model.startsWith("sha256:") ? Instant.MAX : now.plus(NAME_REMEMBERED_FOR);
    knownModels.put(model, new KnownModel(summary, until));
    return summary;
  }

  private byte[] imageOf(ImageSource source) {
    if (source instanceof ImageSource.Stored object) {
      byte[] image = storedImage(object.key());
      ImageFormats.requirePngOrJpeg(image, "the object '" + object.key() + "'");
      return image;
    }
    byte[] image = ((ImageSource.Sent) source).bytes();
    if (image.length == 0) {
      throw new InvalidInput("the image is empty");
    }
    if (image.length > config.maxImageBytes()) {
      throw tooLarge(image.length);
    }
    ImageFormats.requirePngOrJpeg(image, "the image");
    return image;
  }

  private byte[] storedImage(String key) {
    if (key.isBlank()) {
      throw new InvalidInput("the image key is empty");
    }
    long size =
        store
            .size(key)
            .orElseThrow(
                () ->
                    new NotFound(
                        "there is no object '" + key + "' in bucket '" + store.name() + "'"));
    if (size > config.maxImageBytes()) {
      throw tooLarge(size);
    }
    return store
        .read(key)
        .orElseThrow(() -> new NotFound("the object '" + key + "' was removed while being read"));
  }

  private TooLarge tooLarge(long bytes) {
    return new TooLarge(
        "the image has "
            + bytes
            + " bytes; the limit is "
            + config.maxImageBytes()
            + " (convscope.gateway.max-image-bytes)");
  }
}
