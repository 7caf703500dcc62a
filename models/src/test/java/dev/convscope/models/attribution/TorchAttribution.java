package dev.convscope.models.attribution;

import dev.convscope.models.caffe.graph.Npy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch autograd's attribution of one image, from attribution/torch_attribution.py run by
 * Debian's python3 with python3-torch (and python3-onnx for ONNX files).
 */
final class TorchAttribution {

  private static final String PYTHON = "/usr/bin/python3";

  private TorchAttribution() {}

  /**
   * @param kind "onnx" (source: the .onnx file) or "lenet" (source: a folder of weights)
   * @param layer the Grad-CAM layer, as the source names it
   * @return score, input_gradient, gradcam and gradcam_map
   */
  static Map<String, INDArray> of(
      String kind, Path source, INDArray input, int classIndex, String layer, Path folder)
      throws IOException, InterruptedException {
    Path inputFile = folder.resolve("input.npy");
    Nd4j.writeAsNumpy(input, inputFile.toFile());
    Path out = folder.resolve("torch.npz");
    Process process =
        new ProcessBuilder(
                List.of(
                    PYTHON,
                    script().toString(),
                    kind,
                    source.toString(),
                    inputFile.toString(),
                    Integer.toString(classIndex),
                    layer,
                    out.toString()))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(
          "torch_attribution.py failed (needs python3-torch and python3-onnx):\n" + output);
    }
    return Npy.readAll(out);
  }

  private static Path script() {
    try {
      return Path.of(
          TorchAttribution.class.getResource("/attribution/torch_attribution.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
