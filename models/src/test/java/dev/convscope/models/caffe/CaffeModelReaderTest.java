package dev.convscope.models.caffe;

import static dev.convscope.models.caffe.CaffeFixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convscope.models.caffe.LayerParams.NormRegion;
import dev.convscope.models.caffe.LayerParams.PoolMethod;
import dev.convscope.models.caffe.LayerParams.RoundMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tiny network of make_fixtures.py, in both file generations, with its seeded weights. */
class CaffeModelReaderTest {

  @Test
  void readsTheNetworkOfACurrentPrototxt() throws IOException {
    CaffeNetwork network = CaffeNetworkReader.read(file("tiny_net.prototxt"));

    assertThat(network.name()).isEqualTo("TinyNet");
    assertThat(network.inputs()).containsExactly(new CaffeInput("data", List.of(1, 4, 15, 15)));
    assertThat(network.layers())
        .extracting(CaffeLayer::name, CaffeLayer::type)
        .containsExactly(
            tuple("conv1", CaffeLayerType.CONVOLUTION),
            tuple("relu1", CaffeLayerType.RELU),
            tuple("pool1", CaffeLayerType.POOLING),
            tuple("norm1", CaffeLayerType.LRN),
            tuple("fc2", CaffeLayerType.INNER_PRODUCT),
            tuple("prob", CaffeLayerType.SOFTMAX));
    CaffeLayer relu = network.layer("relu1").orElseThrow();
    assertThat(relu.bottoms()).containsExactly("conv1");
    assertThat(relu.tops()).containsExactly("conv1");
  }

  @Test
  void appliesWhatTheFileSetsAndCaffesDefaultsForTheRest() throws IOException {
    CaffeNetwork network = CaffeNetworkReader.read(file("tiny_net.prototxt"));

    // kernel 3, stride 2, pad 1, group 2 as written; dilation 1, bias and axis 1 by default.
    assertThat(network.layer("conv1").orElseThrow().params())
        .isEqualTo(new LayerParams.Convolution(6, 3, 3, 2, 2, 1, 1, 1, 1, 2, true, 1));
    assertThat(network.layer("conv1").orElseThrow().params(LayerParams.Convolution.class).group())
        .isEqualTo(2);
    assertThat(network.layer("relu1").orElseThrow().params()).isEqualTo(new LayerParams.ReLU(0f));
    assertThat(network.layer("pool1").orElseThrow().params())
        .isEqualTo(
            new LayerParams.Pooling(PoolMethod.MAX, 3, 3, 2, 2, 0, 0, false, RoundMode.CEIL));
    // k is not in the file: Caffe's default 1; the region is ACROSS_CHANNELS by default.
    assertThat(network.layer("norm1").orElseThrow().params())
        .isEqualTo(new LayerParams.Lrn(3, 0.0001f, 0.75f, 1f, NormRegion.ACROSS_CHANNELS));
    assertThat(network.layer("fc2").orElseThrow().params())
        .isEqualTo(new LayerParams.InnerProduct(5, true, 1, false));
    assertThat(network.layer("prob").orElseThrow().params()).isEqualTo(new LayerParams.Softmax(1));
  }

  @Test
  void worksOutEveryBlobShapeAsCaffeDoes() throws IOException {
    CaffeNetwork network = CaffeNetworkReader.read(file("tiny_net.prototxt"));

    assertThat(network.blobShapes())
        .containsExactly(
            Map.entry("data", List.of(1, 4, 15, 15)),
            // (15 + 2 * 1 - 3) / 2 + 1 = 8
            Map.entry("conv1", List.of(1, 6, 8, 8)),
            // (8 - 3) / 2 = 2.5 windows: Caffe rounds up, so 3 + 1 = 4 (flooring would give 3)
            Map.entry("pool1", List.of(1, 6, 4, 4)),
            Map.entry("norm1", List.of(1, 6, 4, 4)),
            Map.entry("fc2", List.of(1, 5)),
            Map.entry("prob", List.of(1, 5)));
    assertThat(network.layer("conv1").orElseThrow().parameters())
        .containsExactly(
            new ParameterBlob("weights", List.of(6, 2, 3, 3)),
            new ParameterBlob("bias", List.of(6)));
    assertThat(network.layer("fc2").orElseThrow().parameters())
        .containsExactly(
            new ParameterBlob("weights", List.of(5, 6 * 4 * 4)),
            new ParameterBlob("bias", List.of(5)));
    assertThat(network.layer("pool1").orElseThrow().parameters()).isEmpty();
  }

  @Test
  void aV1PrototxtGivesTheSameNetwork() throws IOException {
    assertThat(CaffeNetworkReader.read(file("tiny_net_v1.prototxt")))
        .isEqualTo(CaffeNetworkReader.read(file("tiny_net.prototxt")));
  }

  @Test
  void readsTheWeightsTheScriptWrote() throws IOException {
    JsonNode expected = CaffeFixtures.expected().get("weights");
    for (String generation : List.of("tiny_net", "tiny_net_v1")) {
      CaffeModel model =
          CaffeModelReader.read(file(generation + ".prototxt"), file(generation + ".caffemodel"));

      // fc_extra is in the caffemodel only (and its Data and loss layers have no blobs).
      assertThat(model.weights()).as(generation).containsOnlyKeys("conv1", "fc2");
      for (String layer : List.of("conv1", "fc2")) {
        List<CaffeBlob> blobs = model.weights(layer);
        assertThat(blobs).as(generation + " " + layer).hasSize(expected.get(layer).size());
        for (int i = 0; i < blobs.size(); i++) {
          assertMatches(blobs.get(i), expected.get(layer).get(i), generation + " " + layer + i);
        }
      }
    }
  }

  @Test
  void bothGenerationsGiveTheSameWeights() throws IOException {
    CaffeModel current =
        CaffeModelReader.read(file("tiny_net.prototxt"), file("tiny_net.caffemodel"));
    CaffeModel v1 =
        CaffeModelReader.read(file("tiny_net_v1.prototxt"), file("tiny_net_v1.caffemodel"));

    // V1's (num, channels, height, width) blobs take the network's shapes, doubles become floats.
    assertThat(v1).isEqualTo(current);
    // A prototxt and a caffemodel of different generations match by layer name all the same.
    assertThat(CaffeModelReader.read(current.network(), file("tiny_net_v1.caffemodel")))
        .isEqualTo(current);
  }

  private static void assertMatches(CaffeBlob blob, JsonNode expected, String what) {
    List<Integer> shape = new ArrayList<>();
    expected.get("shape").forEach(size -> shape.add(size.asInt()));
    assertThat(blob.shape()).as(what).isEqualTo(shape);
    float[] data = blob.data();
    assertThat(data.length).as(what).isEqualTo(shape.stream().reduce(1, (a, b) -> a * b));
    for (int i = 0; i < 3; i++) {
      assertThat(data[i])
          .as(what + "[" + i + "]")
          .isEqualTo((float) expected.get("first").get(i).asDouble());
    }
    assertThat(data[data.length - 1]).as(what).isEqualTo((float) expected.get("last").asDouble());
    double sum = 0;
    for (float value : data) {
      sum += value;
    }
    assertThat(sum).as(what + " sum").isCloseTo(expected.get("sum").asDouble(), within(1e-9));
  }
}
