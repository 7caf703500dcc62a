package dev.convscope.cli.timing;

import dev.convscope.cli.models.CaffeFiles;
import dev.convscope.models.CnnModel;
import dev.convscope.models.LayerByLayerForward;
import dev.convscope.models.catalog.ModelCatalog;
import dev.convscope.models.catalog.ModelRegistrations;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times a model's forward pass on one image of its input size: DL4J's own graph output, and the
 * vertex by vertex pass that copies every blob out. Median of 5 runs after 2 warm-ups, in
 * milliseconds. Usage: {@code ForwardTiming [MODEL]} (default caffenet), or {@code ForwardTiming
 * deploy.prototxt net.caffemodel} for a Caffe network imported as an upload would be; pretrained
 * zips come from the folder {@code -Dconvscope.models.dir} names.
 *
 * <p>Run it with and without {@code OMP_NUM_THREADS=1}: on a 2-core machine shared with other work,
 * one OpenMP thread ran this pass 4 to 5 times faster than ND4J's default of one per core.
 */
public final class ForwardTiming {

  static final int WARM_UPS = 2;
  static final int RUNS = 5;

  private ForwardTiming() {}

  public static void main(String[] args) throws IOException {
    long start = System.nanoTime();
    CnnModel model =
        args.length == 2 ? CaffeFiles.load(Path.of(args[0]), Path.of(args[1])) : named(args);
    double buildMs = (System.nanoTime() - start) / 1e6;

    Nd4j.getRandom().setSeed(1);
    int[] input = model.preprocessing().inputShape();
    INDArray image = Nd4j.rand(DataType.FLOAT, 1, input[0], input[1], input[2]).muli(255).subi(117);

    double graphOutput = median(() -> model.graph().outputSingle(false, image));
    double layerByLayer = median(() -> LayerByLayerForward.run(model, image, blob -> {}));

    System.out.printf(
        Locale.ROOT,
        "model %s, pretrained %s, digest %s%n",
        model.name(),
        model.pretrained(),
        model.digest());
    System.out.printf(
        Locale.ROOT,
        "built or loaded in %.0f ms; %d cores%n",
        buildMs,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        Locale.ROOT, "forward pass, median of %d after %d warm-ups:%n", RUNS, WARM_UPS);
    System.out.printf(Locale.ROOT, "  graph.outputSingle          %8.1f ms%n", graphOutput);
    System.out.printf(Locale.ROOT, "  LayerByLayerForward (blobs) %8.1f ms%n", layerByLayer);
  }

  private static CnnModel named(String[] args) {
    ModelCatalog catalog = new ModelCatalog(List.of());
    String modelsDir = System.getProperty("convscope.models.dir");
    ModelRegistrations.registerAll(catalog, modelsDir == null ? null : Path.of(modelsDir));
    return catalog.get(args.length > 0 ? args[0] : "caffenet");
  }

  static double median(Runnable pass) {
    for (int i = 0; i < WARM_UPS; i++) {
      pass.run();
    }
    double[] ms = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t = System.nanoTime();
      pass.run();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms[RUNS / 2];
  }
}
