package dev.convscope.models.caffe.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.models.CapturedTensor;
import dev.convscope.models.CnnModel;
import dev.convscope.models.onnx.OnnxGraph;
import dev.convscope.models.onnx.OnnxModelReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The small Caffe networks written by {@code caffe/nets/make_nets.py}, with PyTorch's value of
 * every blob, and the comparison every test of an imported network makes: each blob within 1e-4 of
 * its largest magnitude, the same top five classes. Read from the class path, so tests of other
 * modules use them through this module's test jar.
 */
public final class PyTorchReference {

  /** Every network the generator writes. */
  public static final List<String> NETWORKS =
      List.of("alexnet_like", "vgg_like", "resnet_like", "squeeze_like", "mobilenet_like");

  /** Every ONNX model onnx/nets/make_onnx.py exports: the same five and one more. */
  public static final List<String> ONNX_NETWORKS =
      List.of(
          "alexnet_like",
          "vgg_like",
          "resnet_like",
          "squeeze_like",
          "mobilenet_like",
          "extras_like");

  private PyTorchReference() {}

  /** A fixture file's bytes, such as "vgg_like.prototxt". */
  public static byte[] file(String name) {
    return resource("/caffe/nets/", name, "caffe/nets/make_nets.py");
  }

  /** An ONNX fixture file's bytes, such as "vgg_like.onnx" or "vgg_like.blobs.npz". */
  public static byte[] onnxFile(String name) {
    return resource("/onnx/nets/", name, "onnx/nets/make_onnx.py");
  }

  private static byte[] resource(String folder, String name, String generator) {
    try (InputStream in = PyTorchReference.class.getResourceAsStream(folder + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + name + "; run " + generator);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ONNX fixture's graph at its input's size (squeeze_like leaves them symbolic). */
  public static OnnxGraph onnxGraph(String network) throws IOException {
    INDArray input = onnxInput(network);
    return OnnxGraph.build(
        OnnxModelReader.read(new java.io.ByteArrayInputStream(onnxFile(network + ".onnx"))),
        Optional.of(new int[] {(int) input.size(2), (int) input.size(3)}));
  }

  /** The ONNX fixture as a model with its default preprocessing, digest from its name. */
  public static CnnModel onnxModel(String network, OnnxGraph graph) {
    return graph.toModel(
        network,
        Sha256.hex(network.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        graph.defaultPreprocessing(),
        List.of());
  }

  /** The ONNX model's input, preprocessed: (1, C, H, W). */
  public static INDArray onnxInput(String network) throws IOException {
    return Npy.parse(onnxFile(network + ".input.npy"), network + ".input.npy");
  }

  /** PyTorch's value of every value computed from the ONNX model's input, by ONNX name. */
  public static Map<String, INDArray> onnxValues(String network) throws IOException {
    return Npy.readAll(new java.io.ByteArrayInputStream(onnxFile(network + ".blobs.npz")));
  }

  /** The network's input, preprocessed: (1, C, H, W). */
  public static INDArray input(String network) throws IOException {
    return Npy.parse(file(network + ".input.npy"), network + ".input.npy");
  }

  /** PyTorch's value of every blob, in Caffe's order, each (1, ...). */
  public static Map<String, INDArray> blobs(String network) throws IOException {
    return Npy.readAll(new java.io.ByteArrayInputStream(file(network + ".blobs.npz")));
  }

  /**
   * Asserts that every blob captured has PyTorch's shape and values, within 1e-4 of the blob's
   * largest magnitude, and that the output's top five classes are those of PyTorch's last blob.
   */
  public static void assertSame(
      Map<String, INDArray> expected,
      Map<String, CapturedTensor> captured,
      float[] output,
      String lastBlob) {
    assertThat(captured.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (var entry : expected.entrySet()) {
      INDArray reference = entry.getValue();
      CapturedTensor tensor = captured.get(entry.getKey());
      long[] shape = Arrays.stream(reference.shape()).skip(1).toArray();
      assertThat(Arrays.stream(tensor.shape()).asLongStream().toArray())
          .as("shape of %s", entry.getKey())
          .containsExactly(shape);
      float[] want = reference.data().asFloat();
      float largest = 0;
      float difference = 0;
      for (int i = 0; i < want.length; i++) {
        largest = Math.max(largest, Math.abs(want[i]));
        difference = Math.max(difference, Math.abs(want[i] - tensor.values()[i]));
      }
      assertThat(difference)
          .as("largest difference in %s (largest magnitude %s)", entry.getKey(), largest)
          .isLessThanOrEqualTo(1e-4f * largest);
    }
    assertThat(topFive(output)).isEqualTo(topFive(expected.get(lastBlob).data().asFloat()));
  }

  /** The indices of the five largest values, largest first. */
  public static int[] topFive(float[] values) {
    return IntStream.range(0, values.length)
        .boxed()
        .sorted((a, b) -> Float.compare(values[b], values[a]))
        .limit(5)
        .mapToInt(Integer::intValue)
        .toArray();
  }
}
