package dev.convscope.models.attribution;

import dev.convscope.models.CnnModel;
import dev.convscope.models.ModelSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Attribution maps for one model: why it gave an image a class. Every method takes the gradient of
 * the class's score (its logit, before any softmax; see {@link ClassScore}) with respect to the
 * network's input after preprocessing, through the model's {@link GradientGraph}.
 */
public final class Explainer {

  /** SmoothGrad's noise, as a share of the input's value range. */
  public static final double SMOOTH_GRAD_NOISE = 0.15;

  public static final int DEFAULT_SAMPLES = 25;
  public static final int MAX_SAMPLES = 200;
  public static final int DEFAULT_STEPS = 32;
  public static final int MAX_STEPS = 300;

  /** Fixed, so that a request gives the same picture every time and can be stored once. */
  private static final long NOISE_SEED = 20261203L;

  private final CnnModel model;
  private volatile GradientGraph graph;

  public Explainer(CnnModel model) {
    this.model = model;
  }

  public CnnModel model() {
    return model;
  }

  /**
   * The layer Grad-CAM uses unless told: the last whose output is a map of channels larger than one
   * pixel, (C, H, W) with H·W > 1.
   *
   * @throws IllegalArgumentException when the model has no such layer
   */
  public String defaultGradCamLayer() {
    String chosen = null;
    for (ModelSummary.Layer layer : model.summary().layers()) {
      if (isMap(layer) && layer.outputShape()[1] * layer.outputShape()[2] > 1 && !isInput(layer)) {
        chosen = layer.name();
      }
    }
    if (chosen == null) {
      throw new IllegalArgumentException(
          model.name() + " has no layer whose output is a (C, H, W) map for Grad-CAM");
    }
    return chosen;
  }

  /**
   * Checks a Grad-CAM layer before anything runs.
   *
   * @throws IllegalArgumentException naming the layer when it is unknown or not a (C, H, W) map
   */
  public void checkGradCamLayer(String layer) {
    ModelSummary.Layer found =
        model.summary().layers().stream()
            .filter(l -> l.name().equals(layer))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException(model.name() + " has no layer '" + layer + "'"));
    if (!isMap(found) || isInput(found)) {
      throw new IllegalArgumentException(
          "layer '"
              + layer
              + "' of "
              + model.name()
              + " gives "
              + Arrays.toString(found.outputShape())
              + ", not a (C, H, W) map for Grad-CAM");
    }
  }

  private static boolean isMap(ModelSummary.Layer layer) {
    return layer.outputShape().length == 3;
  }

  private boolean isInput(ModelSummary.Layer layer) {
    return model
        .graph()
        .getConfiguration()
        .getNetworkInputs()
        .contains(model.blob(layer.name()).vertex());
  }

  /**
   * Saliency, gradient × input and Grad-CAM, from one pass back.
   *
   * @param input one preprocessed image, (1, C, H, W)
   * @param gradCamLayer the layer for Grad-CAM; null for {@link #defaultGradCamLayer()}
   */
  public List<AttributionMap> explain(
      INDArray input, int classIndex, Set<AttributionMethod> methods, String gradCamLayer) {
    EnumSet<AttributionMethod> direct = EnumSet.noneOf(AttributionMethod.class);
    direct.addAll(methods);
    String layer = null;
    if (direct.contains(AttributionMethod.GRAD_CAM)) {
      layer = gradCamLayer == null ? defaultGradCamLayer() : gradCamLayer;
      checkGradCamLayer(layer);
    }
    INDArray image = input.castTo(DataType.FLOAT);
    Backpropagation pass =
        gradients().run(image, classIndex, layer == null ? Set.of() : Set.of(layer));
    List<AttributionMap> maps = new ArrayList<>();
    for (AttributionMethod method : direct) {
      switch (method) {
        case SALIENCY:
          maps.add(saliency(classIndex, pass.score(), pass.inputGradient()));
          break;
        case GRADIENT_X_INPUT:
          maps.add(
              summedOverChannels(
                  method, classIndex, pass.score(), pass.inputGradient().mul(image)));
          break;
        case GRAD_CAM:
          maps.add(gradCam(classIndex, pass, layer, image));
          break;
        default:
          throw new IllegalArgumentException(method.id() + " runs on its own: " + method);
      }
    }
    return maps;
  }

  /**
   * SmoothGrad: the mean of the input gradient's magnitude over {@code samples} copies of the input
   * with Gaussian noise of σ = {@value #SMOOTH_GRAD_NOISE} × the input's value range added, the
   * largest over the colour planes.
   *
   * @param progress told the number of samples done after each
   */
  public AttributionMap smoothGrad(
      INDArray input, int classIndex, int samples, IntConsumer progress) {
    checkSamples(samples);
    INDArray image = input.castTo(DataType.FLOAT);
    double sigma =
        SMOOTH_GRAD_NOISE * (image.maxNumber().doubleValue() - image.minNumber().doubleValue());
    Random noise = new Random(NOISE_SEED);
    INDArray sum = Nd4j.zeros(DataType.FLOAT, image.shape());
    float score = gradients().run(image, classIndex, Set.of()).score();
    for (int sample = 0; sample < samples; sample++) {
      float[] values = image.dup('c').data().asFloat();
      for (int i = 0; i < values.length; i++) {
        values[i] += (float) (noise.nextGaussian() * sigma);
      }
      INDArray noisy = Nd4j.create(values, image.shape(), 'c');
      Backpropagation pass = gradients().run(noisy, classIndex, Set.of());
      sum.addi(Transforms.abs(pass.inputGradient(), true));
      progress.accept(sample + 1);
    }
    INDArray mean = sum.divi(samples);
    return largestOverChannels(AttributionMethod.SMOOTH_GRAD, classIndex, score, mean, mean);
  }

  /**
   * Integrated gradients from a zero baseline (zero in the network's input space, after
   * preprocessing): the input times the gradient's mean at {@code steps} points along the straight
   * path from the baseline (at the middle of each step), summed over the colour planes. Their sum
   * is close to the score's change from the baseline to the input.
   */
  public AttributionMap integratedGradients(
      INDArray input, int classIndex, int steps, IntConsumer progress) {
    checkSteps(steps);
    INDArray image = input.castTo(DataType.FLOAT);
    INDArray sum = Nd4j.zeros(DataType.FLOAT, image.shape());
    for (int step = 0; step < steps; step++) {
      double alpha = (step + 0.5) / steps;
      sum.addi(gradients().run(image.mul(alpha), classIndex, Set.of()).inputGradient());
      progress.accept(step + 1);
    }
    float score = gradients().run(image, classIndex, Set.of()).score();
    return summedOverChannels(
        AttributionMethod.INTEGRATED_GRADIENTS, classIndex, score, sum.divi(steps).muli(image));
  }

  /** Refuses a SmoothGrad sample count outside 1..{@value #MAX_SAMPLES}, before anything runs. */
  public static void checkSamples(int samples) {
    checkCount("samples", samples, MAX_SAMPLES);
  }

  /** Refuses an integrated-gradients step count outside 1..{@value #MAX_STEPS}. */
  public static void checkSteps(int steps) {
    checkCount("steps", steps, MAX_STEPS);
  }

  private static void checkCount(String name, int count, int max) {
    if (count < 1 || count > max) {
      throw new IllegalArgumentException(name + " must be 1 to " + max + ", not " + count);
    }
  }

  private static AttributionMap saliency(int classIndex, float score, INDArray gradient) {
    return largestOverChannels(
        AttributionMethod.SALIENCY, classIndex, score, gradient, Transforms.abs(gradient, true));
  }

  /** A map of each pixel's largest magnitude over the colour planes; values kept as they are. */
  private static AttributionMap largestOverChannels(
      AttributionMethod method, int classIndex, float score, INDArray values, INDArray magnitudes) {
    INDArray map = magnitudes.max(1).reshape(values.size(2), values.size(3));
    return new AttributionMap(
        method, classIndex, score, "", map, values.reshape(withoutBatch(values)));
  }

  private static AttributionMap summedOverChannels(
      AttributionMethod method, int classIndex, float score, INDArray values) {
    INDArray map = values.sum(1).reshape(values.size(2), values.size(3));
    return new AttributionMap(
        method, classIndex, score, "", map, values.reshape(withoutBatch(values)));
  }

  /**
   * Grad-CAM: the layer's channels weighted by the mean of the score's gradient over each channel,
   * summed, clipped at zero, then resized bilinearly to the input.
   */
  private static AttributionMap gradCam(
      int classIndex, Backpropagation pass, String layer, INDArray image) {
    INDArray activation = pass.activations().get(layer);
    INDArray gradient = pass.gradients().get(layer);
    if (activation == null) {
      throw new IllegalArgumentException(
          "layer '" + layer + "' comes after the class scores: the score does not depend on it");
    }
    INDArray weights = gradient.mean(2, 3); // (1, C)
    long channels = activation.size(1);
    int height = (int) activation.size(2);
    int width = (int) activation.size(3);
    INDArray weighted =
        activation.mul(weights.reshape(1, channels, 1, 1).broadcast(activation.shape()));
    INDArray cam =
        Transforms.relu(weighted.sum(1).reshape(height, width), false).castTo(DataType.FLOAT);
    int toHeight = (int) image.size(2);
    int toWidth = (int) image.size(3);
    float[] resized =
        Bilinear.resize(cam.dup('c').data().asFloat(), height, width, toHeight, toWidth);
    INDArray map = Nd4j.create(resized, new long[] {toHeight, toWidth}, 'c');
    return new AttributionMap(
        AttributionMethod.GRAD_CAM, classIndex, pass.score(), layer, map, cam);
  }

  private static long[] withoutBatch(INDArray batchOfOne) {
    return Arrays.copyOfRange(batchOfOne.shape(), 1, batchOfOne.rank());
  }

  /** The model's gradient graph, built on first use (it needs a gradient array per parameter). */
  private GradientGraph gradients() {
    GradientGraph known = graph;
    if (known == null) {
      synchronized (this) {
        if (graph == null) {
          graph = GradientGraph.of(model);
        }
        known = graph;
      }
    }
    return known;
  }
}
