package dev.convscope.gateway.run;

import dev.convscope.api.gateway.v1.RunManifest;
import dev.convscope.api.gateway.v1.RunRequest;
import dev.convscope.api.v1.ModelSummary;
import dev.convscope.contract.digest.Sha256;
import dev.convscope.contract.options.RunOptions;
import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.failure.InvalidInput;
import dev.convscope.gateway.failure.NotFound;
import dev.convscope.gateway.failure.TooLarge;
import dev.convscope.gateway.inference.InferenceClient;
import dev.convscope.gateway.inference.VisualizeCall;
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

  @Inject InferenceClient inference;

  @Inject Bucket store;

  @Inject ManifestStore manifests;

  @Inject PictureUrls urls;

  @Inject GatewayConfig config;

  Runner() {
    // For CDI, which injects the fields.
  }

  private Runner(InferenceClient inference, Bucket store, GatewayConfig config) {
    this.inference = inference;
    this.store = store;
    this.manifests = new ManifestStore(store);
    this.urls = new PictureUrls(store, config);
    this.config = config;
  }

  /**
   * A runner outside the application, for a shard run by its own command (a Kubernetes Job's pod):
   * the same runs, manifests and repeats as the gateway's.
   */
  public static Runner standalone(InferenceClient inference, Bucket store, GatewayConfig config) {
    return new Runner(inference, store, config);
  }

  /**
   * Starts a run, or its replay when it ran before. Fails (with a gateway failure) before answering
   * anything when the request cannot be run: unknown model, unreadable image, bad option.
   */
  public RunEvents open(RunRequest asked) {
    // Options first: a bad one is answered before anything is read or asked of another service.
    RunOptions asOptions = RequestOptions.of(asked);
    String model = asked.getModel().isBlank() ? config.defaultModel() : asked.getModel();
    byte[] image = imageOf(asked);
    ModelSummary summary = describe(model);
    RunOptions options = RequestOptions.forModel(asOptions, classesOf(summary));
    RunRequest request =
        RequestOptions.normalized(asked.toBuilder().setModel(model).build(), options);
    String runId = RunIds.of(summary.getDigest(), Sha256.hex(image), options);

    Optional<RunManifest> stored = manifests.find(runId);
    if (stored.isPresent()) {
      return new StoredRun(stored.get(), summary, urls);
    }
    VisualizeCall upstream = inference.visualize(request, image);
    return new LiveRun(runId, request, summary, upstream, manifests, urls);
  }

  /** How many classes the model tells apart: the size of its last layer's output. */
  private static int classesOf(ModelSummary summary) {
    var layers = summary.getLayersList();
    return layers.isEmpty()
        ? 0
        : layers.get(layers.size() - 1).getOutputShapeList().stream()
            .mapToInt(Long::intValue)
            .reduce(1, Math::multiplyExact);
  }

  /** A finished run told again from its manifest; NOT_FOUND when no run has this id. */
  public RunEvents replay(String runId) {
    return new StoredRun(manifest(runId), ModelSummary.getDefaultInstance(), urls);
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

  private byte[] imageOf(RunRequest request) {
    return switch (request.getImageCase()) {
      case IMAGE_BYTES -> {
        if (request.getImageBytes().isEmpty()) {
          throw new InvalidInput("the image is empty");
        }
        if (request.getImageBytes().size() > config.maxImageBytes()) {
          throw tooLarge(request.getImageBytes().size());
        }
        byte[] image = request.getImageBytes().toByteArray();
        ImageFormats.requirePngOrJpeg(image, "the image");
        yield image;
      }
      case IMAGE_KEY -> {
        byte[] image = storedImage(request.getImageKey());
        ImageFormats.requirePngOrJpeg(image, "the object '" + request.getImageKey() + "'");
        yield image;
      }
      case IMAGE_NOT_SET ->
          throw new InvalidInput("the request has no image: send its bytes or its key");
    };
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
