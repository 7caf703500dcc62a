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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Explains images: runs the model forward for its classes, computes each method's attribution map
 * for each class to explain, draws the map alone and over the image as the network saw it, and
 * stores both pictures under keys naming what they were made from. At most {@link
 * InferenceConfig#maxConcurrentExplanations()} at once; one more is refused, not queued.
 */
@ApplicationScoped
public class Explanations {

  private final ModelCatalog catalog;
  private final ObjectStore objects;
  private final ImageDecoder decoder;
  private final Semaphore running;
  private final int limit;

  /** One explainer (and so one gradient graph) per model digest. */
  private final Map<String, Explainer> explainers = new ConcurrentHashMap<>();

  public Explanations(ModelCatalog catalog, ObjectStore objects, InferenceConfig config) {
    this.catalog = catalog;
    this.objects = objects;
    this.decoder = new ImageDecoder(config.maxImageBytes(), config.maxImagePixels());
    this.limit = config.maxConcurrentExplanations();
    this.running = new Semaphore(limit);
  }

  public Explanation explain(ExplainRequestSpec request) {
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
    if (request.methods().contains(AttributionMethod.GRAD_CAM)) {
      explainer.checkGradCamLayer(
          request.layer().isEmpty() ? explainer.defaultGradCamLayer() : request.layer());
    }
    if (!running.tryAcquire()) {
      throw new TooManyExplanationsException(limit);
    }
    try {
      return explain(request, model, explainer, colormap);
    } finally {
      running.release();
    }
  }

  private Explanation explain(
      ExplainRequestSpec request, CnnModel model, Explainer explainer, Colormap colormap) {
    byte[] bytes = request.image();
    BufferedImage image = decoder.decode(bytes);
    String imageDigest = Sha256.hex(bytes);
    INDArray input = InputTensors.of(image, model.preprocessing());
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
            InputTensors.asSeen(image, model.preprocessing()),
            model.preprocessing().channels() == 1);
    List<StoredAttribution> stored = new ArrayList<>();
    for (int classIndex : classes) {
      for (AttributionMap map : maps(explainer, input, classIndex, request)) {
        stored.add(store(model, imageDigest, map, request, colormap, seen));
      }
    }
    return new Explanation(
        model.name(),
        model.digest(),
        imageDigest,
        model.pretrained(),
        ranked.subList(0, topK),
        stored);
  }

  private static List<AttributionMap> maps(
      Explainer explainer, INDArray input, int classIndex, ExplainRequestSpec request) {
    EnumSet<AttributionMethod> direct = EnumSet.noneOf(AttributionMethod.class);
    request.methods().stream().filter(m -> !m.sampled()).forEach(direct::add);
    List<AttributionMap> maps = new ArrayList<>();
    if (!direct.isEmpty()) {
      String layer = request.layer().isEmpty() ? null : request.layer();
      maps.addAll(explainer.explain(input, classIndex, direct, layer));
    }
    if (request.methods().contains(AttributionMethod.SMOOTH_GRAD)) {
      maps.add(explainer.smoothGrad(input, classIndex, request.samples(), done -> {}));
    }
    if (request.methods().contains(AttributionMethod.INTEGRATED_GRADIENTS)) {
      maps.add(explainer.integratedGradients(input, classIndex, request.steps(), done -> {}));
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
