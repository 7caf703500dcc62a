package dev.convscope.cli.timing;

import dev.convscope.cli.models.LocalModels;
import dev.convscope.models.Blob;
import dev.convscope.models.CnnModel;
import dev.convscope.models.LayerByLayerForward;
import dev.convscope.models.attribution.AttributionMap;
import dev.convscope.models.attribution.AttributionMethod;
import dev.convscope.models.attribution.Explainer;
import dev.convscope.render.Tensor;
import dev.convscope.render.npy.NpyFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times attribution maps for a benchmark driver from one long-lived JVM, so that neither the JVM's
 * start nor its first compilations are measured, and the driver can take its own samples
 * (PyTorch's) between this one's. Usage: {@code AttributionTiming MODEL INPUT.npy}, MODEL as {@code
 * ./convscope explain --model} takes it, INPUT one preprocessed image (1, C, H, W).
 *
 * <p>Prints {@code ready class=TOP layer=LAYER load_ms=MS} once the model is loaded (TOP is the
 * model's top class for the image, LAYER Grad-CAM's default), then answers each line read:
 *
 * <ul>
 *   <li>{@code saliency} or {@code gradcam}: the map for the top class, {@code ms ELAPSED}; the
 *       first call also builds the model's gradient graph;
 *   <li>{@code forward}: DL4J's forward pass alone, to compare with, {@code ms ELAPSED};
 *   <li>{@code saliency-map FILE}: the saliency map (H, W) written as .npy, {@code written FILE};
 *   <li>{@code weights DIR}: each parameter as {@code BLOB_KIND.npy} (Caffe's layout), {@code
 *       written COUNT};
 *   <li>{@code quit}.
 * </ul>
 *
 * Anything else is answered with {@code error ...} and the loop goes on.
 */
public final class AttributionTiming {

  private final Explainer explainer;
  private final INDArray input;
  private final int classIndex;

  private AttributionTiming(Explainer explainer, INDArray input, int classIndex) {
    this.explainer = explainer;
    this.input = input;
    this.classIndex = classIndex;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: AttributionTiming MODEL INPUT.npy");
      System.exit(2);
    }
    serve(
        args[0],
        Path.of(args[1]),
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        new PrintStream(System.out, true, StandardCharsets.UTF_8));
  }

  /** Loads the model, says it is ready, and answers commands until {@code quit} or their end. */
  static void serve(String modelName, Path inputFile, BufferedReader commands, PrintStream out)
      throws IOException {
    long start = System.nanoTime();
    CnnModel model = LocalModels.load(modelName, null);
    double loadMs = (System.nanoTime() - start) / 1e6;
    Tensor image = NpyFile.read(inputFile);
    INDArray input =
        Nd4j.create(image.values(), Arrays.stream(image.shape()).asLongStream().toArray(), 'c');
    AttributionTiming timing =
        new AttributionTiming(new Explainer(model), input, topClass(model, input));

    out.printf(
        Locale.ROOT,
        "ready class=%d layer=%s load_ms=%.0f%n",
        timing.classIndex,
        timing.explainer.defaultGradCamLayer(),
        loadMs);
    for (String line = commands.readLine();
        line != null && !line.equals("quit");
        line = commands.readLine()) {
      try {
        out.println(timing.answer(line.trim().split(" +", 2)));
      } catch (RuntimeException | IOException e) {
        out.println("error " + e.getMessage());
      }
    }
  }

  private String answer(String[] command) throws IOException {
    switch (command[0]) {
      case "saliency":
        return timed(AttributionMethod.SALIENCY);
      case "gradcam":
        return timed(AttributionMethod.GRAD_CAM);
      case "forward":
        return timed(() -> explainer.model().graph().outputSingle(false, input));
      case "saliency-map":
        Path file = Path.of(argument(command));
        Nd4j.writeAsNumpy(map(AttributionMethod.SALIENCY).castTo(DataType.FLOAT), file.toFile());
        return "written " + file;
      case "weights":
        return "written " + writeWeights(Path.of(argument(command)));
      default:
        return "error unknown command '" + String.join(" ", command) + "'";
    }
  }

  private String timed(AttributionMethod method) {
    return timed(() -> map(method));
  }

  private static String timed(Runnable call) {
    long start = System.nanoTime();
    call.run();
    return String.format(Locale.ROOT, "ms %.3f", (System.nanoTime() - start) / 1e6);
  }

  private INDArray map(AttributionMethod method) {
    AttributionMap map = explainer.explain(input, classIndex, Set.of(method), null).get(0);
    return map.map();
  }

  private int writeWeights(Path folder) throws IOException {
    Files.createDirectories(folder);
    int written = 0;
    for (Blob blob : explainer.model().blobs()) {
      for (Map.Entry<String, INDArray> parameter : explainer.model().parameters(blob).entrySet()) {
        Path file = folder.resolve(blob.name() + "_" + parameter.getKey() + ".npy");
        Nd4j.writeAsNumpy(parameter.getValue().castTo(DataType.FLOAT).dup('c'), file.toFile());
        written++;
      }
    }
    return written;
  }

  private static String argument(String[] command) {
    if (command.length < 2) {
      throw new IllegalArgumentException(command[0] + " needs a path");
    }
    return command[1];
  }

  private static int topClass(CnnModel model, INDArray input) {
    float[] probabilities = LayerByLayerForward.run(model, input.dup(), tensor -> {});
    int top = 0;
    for (int c = 1; c < probabilities.length; c++) {
      top = probabilities[c] > probabilities[top] ? c : top;
    }
    return top;
  }
}
