package dev.convscope.inference.explain;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.contract.options.Colormap;
import dev.convscope.inference.config.InferenceConfig;
import dev.convscope.inference.image.ImageDecoder;
import dev.convscope.inference.run.Prediction;
import dev.convscope.models.CnnModel;
import dev.convscope.models.InputTensors;
import dev.convscope.models.LayerByLayerForward;
import dev.convscope.models.attribution.AttributionMap;
import dev.convscope.models.attribution.AttributionMethod;
import dev.convscope.models.attribution.Explainer;
import dev.convscope.models.catalog.ModelCatalog;
import dev.convscope.render.AttributionPicture;
import dev.convscope.render.RgbImage;
import dev.convscope.render.png.PngEncoder;
import dev.convscope.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Explains images: runs the model forward for its classes, computes each method's attribution map
 * for each class to explain, draws the map alone and over the image as the network saw it, and
 * stores both pictures and the raw map under keys naming what they were made from, then the
 * explanation itself: the same request is answered from it without a gradient pass. At most {@link
 * InferenceConfig#maxConcurrentExplanations()} compute at once; one more is refused, not queued.
 */
@ApplicationScoped
public class Explanations {

  private final ModelCatalog catalog;
  private final ObjectStore objects;
  private final ExplanationManifests manifests;
  private final ImageDecoder decoder;
  private final Semaphore running;
  private final int limit;

  /** One explainer (and so one gradient graph) per model digest. */
  private final Map<String, Explainer> explainers = new ConcurrentHashMap<>();

  public Explanations(ModelCatalog catalog, ObjectStore objects, InferenceConfig config) {
    this.catalog = catalog;
    this.objects = objects;
    this.manifests = new ExplanationManifests(objects);
    this.decoder = new ImageDecoder(config.maxImageBytes(), config.maxImagePixels());
    this.limit = config.maxConcurrentExplanations();
    this.running = new Semaphore(limit);
  }

  public Explanation explain(ExplainRequestSpec request) {
    return explain(request, ExplanationProgress.IGNORED);
  }

  public Explanation explain(ExplainRequestSpec request, ExplanationProgress progress) {
    Colormap colormap = Colormap.named(request.colormap());
    CnnModel model = catalog.get(request.model());
    Explainer explainer = explainers.computeIfAbsent(model.digest(), d -> new Explainer(model));
    // Every check that needs no gradient comes first: a refused request computes nothing.
    if (request.methods().contains(AttributionMethod.SMOOTH_GRAD)) {
      Explainer.checkSamples(request.samples());
    }
    if (request.methods().contains(AttributionMethod.INTEGRATED_GRADIENTS)) {
      Explainer.checkSteps(request.steps());
    }
    String layer = "";
    if (request.methods().contains(AttributionMethod.GRAD_CAM)) {
      layer = request.layer().isEmpty() ? explainer.defaultGradCamLayer() : request.layer();
      explainer.checkGradCamLayer(layer);
    }
    byte[] bytes = request.image();
    BufferedImage image = decoder.decode(bytes);
    String imageDigest = Sha256.hex(bytes);
    String manifestKey = ExplanationManifests.keyOf(model.digest(), imageDigest, request, layer);
    Optional<Explanation> stored = manifests.find(manifestKey);
    if (stored.isPresent()) {
      return stored.get();
    }
    if (!running.tryAcquire()) {
      throw new TooManyExplanationsException(limit);
    }
    try {
      Explanation explanation =
          explain(
              new Subject(model, image, imageDigest, manifestKey),
              explainer,
              request,
              colormap,
              progress);
      manifests.save(explanation);
      return explanation;
    } finally {
      running.release();
    }
  }

  /** What is explained: the model, the image as decoded and where its explanation goes. */
  private record Subject(
      CnnModel model, BufferedImage image, String imageDigest, String manifestKey) {}

  private Explanation explain(
      Subject subject,
      Explainer explainer,
      ExplainRequestSpec request,
      Colormap colormap,
      ExplanationProgress progress) {
    CnnModel model = subject.model();
    INDArray input = InputTensors.of(subject.image(), model.preprocessing());
    float[] probabilities = LayerByLayerForward.run(model, input.dup(), tensor -> {});
    List<Prediction> ranked = ranked(model, probabilities);
    int topK = request.topK() == 0 ? 1 : request.topK();
    if (topK < 1 || topK > probabilities.length) {
      throw new IllegalArgumentException(
          "top_k must be 1 to " + probabilities.length + ", not " + topK);
    }
    List<Integer> classes = new ArrayList<>();
    if (request.classIndex().isPresent()) {
      classes.add(request.classIndex().getAsInt());
    } else {
      ranked.subList(0, topK).forEach(p -> classes.add(p.classIndex()));
    }
    RgbImage seen =
        RgbImage.of(
            InputTensors.asSeen(subject.image(), model.preprocessing()),
            model.preprocessing().channels() == 1);
    PassCounter passes = new PassCounter(passesPerClass(request) * classes.size(), progress);
    List<StoredAttribution> stored = new ArrayList<>();
    for (int classIndex : classes) {
      for (AttributionMap map : maps(explainer, input, classIndex, request, passes)) {
        stored.add(store(model, subject.imageDigest(), map, request, colormap, seen));
      }
    }
    return new Explanation(
        model.name(),
        model.digest(),
        subject.imageDigest(),
        model.pretrained(),
        ranked.subList(0, topK),
        stored,
        false,
        subject.manifestKey());
  }

  /** One pass back gives every direct method; each sample or step is one more. */
  private static int passesPerClass(ExplainRequestSpec request) {
    int passes = request.methods().stream().anyMatch(m -> !m.sampled()) ? 1 : 0;
    if (request.methods().contains(AttributionMethod.SMOOTH_GRAD)) {
      passes += request.samples();
    }
    if (request.methods().contains(AttributionMethod.INTEGRATED_GRADIENTS)) {
      passes += request.steps();
    }
    return passes;
  }

  /** Counts passes over the whole explanation and tells the listener after each. */
  private static final class PassCounter {
    private final int total;
    private final ExplanationProgress progress;
    private int done;

    PassCounter(int total, ExplanationProgress progress) {
      this.total = total;
      this.progress = progress;
    }

    void passed(int passes) {
      done += passes;
      progress.passed(done, total);
    }
  }

  private static List<AttributionMap> maps(
      Explainer explainer,
      INDArray input,
      int classIndex,
      ExplainRequestSpec request,
      PassCounter passes) {
    EnumSet<AttributionMethod> direct = EnumSet.noneOf(AttributionMethod.class);
    request.methods().stream().filter(m -> !m.sampled()).forEach(direct::add);
    List<AttributionMap> maps = new ArrayList<>();
    if (!direct.isEmpty()) {
      String layer = request.layer().isEmpty() ? null : request.layer();
      maps.addAll(explainer.explain(input, classIndex, direct, layer));
      passes.passed(1);
    }
    if (request.methods().contains(AttributionMethod.SMOOTH_GRAD)) {
      maps.add(
          explainer.smoothGrad(input, classIndex, request.samples(), done -> passes.passed(1)));
    }
    if (request.methods().contains(AttributionMethod.INTEGRATED_GRADIENTS)) {
      maps.add(
          explainer.integratedGradients(
              input, classIndex, request.steps(), done -> passes.passed(1)));
    }
    return maps;
  }

  private StoredAttribution store(
      CnnModel model,
      String imageDigest,
      AttributionMap map,
      ExplainRequestSpec request,
      Colormap colormap,
      RgbImage seen) {
    String setting =
        switch (map.method()) {
          case GRAD_CAM -> map.layer();
          case SMOOTH_GRAD -> Integer.toString(request.samples());
          case INTEGRATED_GRADIENTS -> Integer.toString(request.steps());
          default -> "";
        };
    AttributionKeys keys =
        AttributionKeys.of(
            model.digest(), imageDigest, map.classIndex(), map.method(), setting, colormap.name());
    float[] values = map.map().dup('c').data().asFloat();
    int height = (int) map.map().size(0);
    int width = (int) map.map().size(1);
    objects.put(
        keys.picture(),
        PngEncoder.DEFAULT.encode(AttributionPicture.map(values, width, height, colormap)),
        "image/png");
    objects.put(
        keys.overlay(),
        PngEncoder.DEFAULT.encode(AttributionPicture.overlay(seen, values, colormap)),
        "image/png");
    objects.put(
        keys.map(),
        Nd4j.toNpyByteArray(map.map().castTo(DataType.FLOAT).dup('c')),
        "application/octet-stream");
    double sum = 0;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float value : values) {
      sum += value;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    return new StoredAttribution(
        map.classIndex(),
        model.label(map.classIndex()),
        map.method().id(),
        map.layer(),
        map.score(),
        width,
        height,
        min,
        max,
        (float) (sum / values.length),
        keys);
  }

  private static List<Prediction> ranked(CnnModel model, float[] probabilities) {
    List<Prediction> ranked = new ArrayList<>();
    for (int c = 0; c < probabilities.length; c++) {
      ranked.add(new Prediction(c, model.label(c), probabilities[c]));
    }
    ranked.sort((a, b) -> Float.compare(b.probability(), a.probability()));
    return ranked;
  }
}
