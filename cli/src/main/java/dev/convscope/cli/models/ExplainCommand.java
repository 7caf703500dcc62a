package dev.convscope.cli.models;

import dev.convscope.console.ProgressBar;
import dev.convscope.contract.options.Colormap;
import dev.convscope.models.CnnModel;
import dev.convscope.models.InputTensors;
import dev.convscope.models.LayerByLayerForward;
import dev.convscope.models.attribution.AttributionMap;
import dev.convscope.models.attribution.AttributionMethod;
import dev.convscope.models.attribution.Explainer;
import dev.convscope.render.AttributionPicture;
import dev.convscope.render.RgbImage;
import dev.convscope.render.png.PngEncoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convscope explain IMAGE --out DIR}: why the model gave the image its classes. For each
 * class and method, the map as a picture and laid over the image as the network saw it, written as
 * {@code RANK-CLASS.METHOD.png} and {@code RANK-CLASS.METHOD.overlay.png} beside {@code input.png},
 * and the raw map as {@code RANK-CLASS.METHOD.npy} (float32, height by width).
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description =
        "Draws why a model gave an image its top classes: saliency, gradient × input, Grad-CAM,"
            + " SmoothGrad or integrated gradients, each alone and over the image.")
public final class ExplainCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "IMAGE", description = "a PNG or JPEG image")
  Path image;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      defaultValue = "fashion-mnist",
      description =
          "a model name, deploy.prototxt,net.caffemodel or net.onnx (default: ${DEFAULT-VALUE})")
  String model;

  @Option(
      names = "--class",
      paramLabel = "CLASS",
      description = "the class to explain, by index or label (default: the top classes)")
  String className;

  @Option(
      names = "--top",
      paramLabel = "K",
      defaultValue = "1",
      description = "explain the K most probable classes (default: ${DEFAULT-VALUE})")
  int top;

  @Option(
      names = "--method",
      paramLabel = "METHOD",
      split = ",",
      description =
          "saliency, gradient-x-input, gradcam, smoothgrad, integrated-gradients"
              + " (default: saliency,gradcam)")
  List<String> methods = List.of("saliency", "gradcam");

  @Option(
      names = "--layer",
      paramLabel = "LAYER",
      description = "Grad-CAM's layer (default: the last with a (C, H, W) map larger than 1x1)")
  String layer;

  @Option(
      names = "--samples",
      defaultValue = "" + Explainer.DEFAULT_SAMPLES,
      description = "SmoothGrad's noisy copies (default: ${DEFAULT-VALUE})")
  int samples;

  @Option(
      names = "--steps",
      defaultValue = "" + Explainer.DEFAULT_STEPS,
      description = "integrated gradients' steps (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(
      names = "--colormap",
      defaultValue = Colormap.DEFAULT,
      description = "the maps' colormap (default: ${DEFAULT-VALUE})")
  String colormap;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write")
  Path out;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "where pretrained zips are")
  Path modelsDir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Colormap palette = Colormap.named(colormap);
    Set<AttributionMethod> chosen = new LinkedHashSet<>();
    for (String method : methods) {
      chosen.add(AttributionMethod.of(method));
    }
    BufferedImage decoded = ImageIO.read(image.toFile());
    if (decoded == null) {
      throw new IllegalArgumentException(image + " is not a PNG or JPEG image");
    }
    CnnModel network = LocalModels.load(model, modelsDir);
    Explainer explainer = new Explainer(network);
    if (chosen.contains(AttributionMethod.GRAD_CAM)) {
      explainer.checkGradCamLayer(layer == null ? explainer.defaultGradCamLayer() : layer);
    }
    INDArray input = InputTensors.of(decoded, network.preprocessing());
    float[] probabilities = LayerByLayerForward.run(network, input.dup(), tensor -> {});
    List<Integer> classes = classes(network, probabilities);
    // The image as the network saw it: grey for a one-channel network.
    RgbImage seen =
        RgbImage.of(
            InputTensors.asSeen(decoded, network.preprocessing()),
            network.preprocessing().channels() == 1);
    Files.createDirectories(out);
    Files.write(out.resolve("input.png"), PngEncoder.DEFAULT.encode(seen));
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    for (int rank = 0; rank < classes.size(); rank++) {
      int classIndex = classes.get(rank);
      String stem = (rank + 1) + "-" + slug(network.label(classIndex));
      List<AttributionMap> maps = maps(explainer, input, classIndex, chosen, stderr);
      stdout.printf(
          Locale.ROOT,
          "%s (class %d, %.1f %%, score %.4g)%n",
          network.label(classIndex),
          classIndex,
          100 * probabilities[classIndex],
          maps.get(0).score());
      for (AttributionMap map : maps) {
        String name = stem + "." + map.method().id();
        float[] values = map.map().dup('c').data().asFloat();
        int height = (int) map.map().size(0);
        int width = (int) map.map().size(1);
        Path picture = out.resolve(name + ".png");
        Path overlay = out.resolve(name + ".overlay.png");
        Files.write(
            picture,
            PngEncoder.DEFAULT.encode(AttributionPicture.map(values, width, height, palette)));
        Files.write(
            overlay, PngEncoder.DEFAULT.encode(AttributionPicture.overlay(seen, values, palette)));
        Files.write(
            out.resolve(name + ".npy"),
            Nd4j.toNpyByteArray(map.map().castTo(DataType.FLOAT).dup('c')));
        String at = map.layer().isEmpty() ? "" : " at " + map.layer();
        stdout.printf(Locale.ROOT, "  %-28s %s  %s%n", map.method().id() + at, picture, overlay);
      }
    }
    stdout.flush();
    return 0;
  }

  private List<AttributionMap> maps(
      Explainer explainer,
      INDArray input,
      int classIndex,
      Set<AttributionMethod> chosen,
      PrintWriter stderr) {
    EnumSet<AttributionMethod> direct = EnumSet.noneOf(AttributionMethod.class);
    List<AttributionMap> maps = new ArrayList<>();
    for (AttributionMethod method : chosen) {
      if (!method.sampled()) {
        direct.add(method);
      }
    }
    if (!direct.isEmpty()) {
      maps.addAll(explainer.explain(input, classIndex, direct, layer));
    }
    ProgressBar bar = new ProgressBar(stderr);
    if (chosen.contains(AttributionMethod.SMOOTH_GRAD)) {
      maps.add(
          explainer.smoothGrad(
              input, classIndex, samples, done -> bar.show(done, samples, "smoothgrad")));
      bar.end();
    }
    if (chosen.contains(AttributionMethod.INTEGRATED_GRADIENTS)) {
      maps.add(
          explainer.integratedGradients(
              input, classIndex, steps, done -> bar.show(done, steps, "integrated gradients")));
      bar.end();
    }
    return maps;
  }

  /** The class asked for, or the {@code top} most probable. */
  private List<Integer> classes(CnnModel network, float[] probabilities) {
    if (className != null) {
      for (int c = 0; c < probabilities.length; c++) {
        if (network.label(c).equalsIgnoreCase(className)) {
          return List.of(c);
        }
      }
      try {
        return List.of(Integer.parseInt(className));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--class " + className + " is neither a class index nor one of the model's labels");
      }
    }
    if (top < 1 || top > probabilities.length) {
      throw new IllegalArgumentException(
          "--top must be 1 to " + probabilities.length + ", not " + top);
    }
    List<Integer> order = new ArrayList<>();
    for (int c = 0; c < probabilities.length; c++) {
      order.add(c);
    }
    order.sort((a, b) -> Float.compare(probabilities[b], probabilities[a]));
    return order.subList(0, top);
  }

  private static String slug(String label) {
    return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }
}
