package dev.convscope.models.caffe.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.models.Blob;
import dev.convscope.models.ChannelOrder;
import dev.convscope.models.CnnModel;
import dev.convscope.models.Preprocessing;
import dev.convscope.models.caffe.CaffeBlob;
import dev.convscope.models.caffe.CaffeFormatException;
import dev.convscope.models.caffe.CaffeModel;
import dev.convscope.models.caffe.CaffeNetwork;
import dev.convscope.models.caffe.CaffeNetworkReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CaffeGraphTest {

  static final String INPUT = "input: 'data' input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }\n";

  /** The network with counting weights (0, 1, 2, ...) for every learned blob it needs. */
  static CaffeModel counting(String prototxt) {
    CaffeNetwork network = CaffeNetworkReader.parse(INPUT + prototxt);
    Map<String, List<CaffeBlob>> weights = new HashMap<>();
    network
        .layers()
        .forEach(
            layer -> {
              List<CaffeBlob> blobs = new ArrayList<>();
              layer
                  .parameters()
                  .forEach(
                      p -> {
                        float[] values = new float[p.shape().stream().reduce(1, (a, b) -> a * b)];
                        for (int i = 0; i < values.length; i++) {
                          values[i] = p.role().equals("scale factor") ? 1 : i;
                        }
                        blobs.add(new CaffeBlob(p.shape(), values));
                      });
              if (!blobs.isEmpty()) {
                weights.put(layer.name(), blobs);
              }
            });
    return new CaffeModel(network, weights);
  }

  static CnnModel model(CaffeModel caffe) {
    return CaffeGraph.build(caffe)
        .toModel(
            "test", "0".repeat(64), CaffeGraph.defaultPreprocessing(caffe.network()), List.of());
  }

  @Test
  void aBlobComputedInPlaceIsItsLastWritersOutputWithItsProducersTypeAndWeights() {
    CaffeGraph graph =
        CaffeGraph.build(
            counting(
                """
                layer { name: 'conv1' type: 'Convolution' bottom: 'data' top: 'conv1'
                        convolution_param { num_output: 4 kernel_size: 3 } }
                layer { name: 'peek' type: 'Pooling' bottom: 'conv1' top: 'peek'
                        pooling_param { pool: MAX global_pooling: true } }
                layer { name: 'bn1' type: 'BatchNorm' bottom: 'conv1' top: 'conv1' }
                layer { name: 'relu1' type: 'ReLU' bottom: 'conv1' top: 'conv1' }
                layer { name: 'pool1' type: 'Pooling' bottom: 'conv1' top: 'pool1'
                        pooling_param { pool: AVE kernel_size: 2 stride: 2 } }
                """));

    assertThat(graph.blobs())
        .containsExactly(
            new Blob("data", "Input", "data", List.of()),
            new Blob("conv1", "Convolution", "relu1", List.of("conv1")),
            new Blob("peek", "Pooling", "peek", List.of()),
            new Blob("pool1", "Pooling", "pool1", List.of()));
    // peek read conv1 before BatchNorm and ReLU overwrote it: it reads the convolution.
    assertThat(graph.graph().getConfiguration().getVertexInputs().get("peek"))
        .containsExactly("conv1");
    assertThat(graph.graph().getConfiguration().getVertexInputs().get("pool1"))
        .containsExactly("relu1");
    // Nothing reads pool1 or peek: both are outputs, the last layer's first.
    assertThat(graph.graph().getConfiguration().getNetworkOutputs())
        .containsExactly("pool1", "peek");
    assertThat(graph.outputBlob()).isEqualTo("pool1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plain | num_output: 4 kernel_size: 3",
        "grouped | num_output: 6 kernel_size: 3 group: 3",
        "depthwise | num_output: 3 kernel_size: 3 group: 3",
        "two filters per channel | num_output: 6 kernel_size: 3 group: 3",
      })
  void convolutionWeightsReadBackInCaffesLayout(String what, String settings) {
    CaffeModel caffe =
        counting(
            "layer { name: 'conv' type: 'Convolution' bottom: 'data' top: 'conv'"
                + " convolution_param { "
                + settings
                + " } }");
    CnnModel model = model(caffe);

    Map<String, INDArray> parameters = model.parameters(model.blob("conv"));

    CaffeBlob weights = caffe.weights("conv").get(0);
    assertThat(parameters.get("weights").shape())
        .containsExactly(weights.shape().stream().mapToLong(Integer::longValue).toArray());
    assertThat(parameters.get("weights").dup('c').data().asFloat()).containsExactly(weights.data());
    assertThat(parameters.get("bias").data().asFloat())
        .containsExactly(caffe.weights("conv").get(1).data());
  }

  @Test
  void innerProductWeightsReadBackAsCaffesOutputsByInputs() {
    CaffeModel caffe =
        counting(
            """
            layer { name: 'fc' type: 'InnerProduct' bottom: 'data' top: 'fc'
                    inner_product_param { num_output: 5 } }
            layer { name: 'fct' type: 'InnerProduct' bottom: 'fc' top: 'fct'
                    inner_product_param { num_output: 2 transpose: true } }
            """);
    CnnModel model = model(caffe);

    INDArray fc = model.parameters(model.blob("fc")).get("weights");
    INDArray fct = model.parameters(model.blob("fct")).get("weights");

    assertThat(fc.shape()).containsExactly(5, 3 * 8 * 8);
    assertThat(fc.dup('c').data().asFloat()).containsExactly(caffe.weights("fc").get(0).data());
    // Stored transposed, (inputs, outputs): read back as (outputs, inputs).
    assertThat(fct.shape()).containsExactly(2, 5);
    assertThat(fct.transpose().dup('c').data().asFloat())
        .containsExactly(caffe.weights("fct").get(0).data());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "LRN within channels | layer { name: 'norm' type: 'LRN' bottom: 'data' top: 'norm'"
            + " lrn_param { norm_region: WITHIN_CHANNEL } }"
            + " | layer 'norm' (LRN) normalises within channels, which the graph does not build;"
            + " supported: norm_region ACROSS_CHANNELS",
        "softmax over rows | layer { name: 'prob' type: 'Softmax' bottom: 'data' top: 'prob'"
            + " softmax_param { axis: 2 } }"
            + " | layer 'prob' (Softmax) takes the softmax of a blob of shape [1, 3, 8, 8] over axis"
            + " 2, which the graph does not build; supported: axis 1",
        "concat of rows | layer { name: 'cat' type: 'Concat' bottom: 'data' bottom: 'data'"
            + " top: 'cat' concat_param { axis: 2 } }"
            + " | layer 'cat' (Concat) joins blobs of shape [1, 3, 8, 8] along axis 2",
        "batch statistics | layer { name: 'bn' type: 'BatchNorm' bottom: 'data' top: 'bn'"
            + " batch_norm_param { use_global_stats: false } }"
            + " | layer 'bn' (BatchNorm) normalises by each batch's own statistics",
        "scale by a bottom | layer { name: 'sc' type: 'Scale' bottom: 'data' bottom: 'data'"
            + " top: 'sc' scale_param { axis: 0 } }"
            + " | layer 'sc' (Scale) scales a blob of shape [1, 3, 8, 8] by its second bottom",
        "scale of rows | layer { name: 'sc' type: 'Scale' bottom: 'data' top: 'sc'"
            + " scale_param { axis: 2 num_axes: 2 } }"
            + " | layer 'sc' (Scale) scales a blob of shape [1, 3, 8, 8] by a learned blob of shape"
            + " [8, 8]",
        "flatten of part | layer { name: 'fl' type: 'Flatten' bottom: 'data' top: 'fl'"
            + " flatten_param { axis: 2 } }"
            + " | layer 'fl' (Flatten) flattens axes 2 to -1",
        "window past the input | layer { name: 'p' type: 'Pooling' bottom: 'data' top: 'p'"
            + " pooling_param { pool: MAX kernel_size: 1 stride: 3 } }"
            + " | layer 'p' (Pooling) rounds its output up past the input",
      })
  void refusesSettingsTheGraphDoesNotBuildNamingTheLayerAndWhatIsSupported(
      String what, String layers, String message) {
    CaffeModel caffe = counting(layers);

    assertThatThrownBy(() -> CaffeGraph.build(caffe))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageStartingWith(message)
        .hasMessageContaining("supported: ");
  }

  @Test
  void refusesAnUnsupportedLayerTypeNamingItTheLayerAndTheSupportedTypes() {
    assertThatThrownBy(
            () -> counting("layer { name: 'prelu1' type: 'PReLU' bottom: 'data' top: 'prelu1' }"))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageContaining("'prelu1'")
        .hasMessageContaining("'PReLU'")
        .hasMessageContaining(
            "supported types: Input, Convolution, Pooling, InnerProduct, ReLU, Sigmoid, TanH, LRN,"
                + " Dropout, Softmax, Concat, Eltwise, BatchNorm, Scale, Flatten");
  }

  @Test
  void refusesANetworkOfTwoInputs() {
    CaffeNetwork network =
        CaffeNetworkReader.parse(
            INPUT
                + "input: 'extra' input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }\n"
                + "layer { name: 'sum' type: 'Eltwise' bottom: 'data' bottom: 'extra' top: 'sum' }");

    assertThatThrownBy(() -> CaffeGraph.build(new CaffeModel(network, Map.of())))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageContaining("2 inputs [data, extra]");
  }

  @Test
  void theDefaultPreprocessingIsTheCaffeLabs() {
    Preprocessing preprocessing =
        CaffeGraph.defaultPreprocessing(
            CaffeNetworkReader.parse(
                INPUT + "layer { name: 'r' type: 'ReLU' bottom: 'data' top: 'r' }"));

    assertThat(preprocessing.inputShape()).containsExactly(3, 8, 8);
    assertThat(preprocessing.order()).isEqualTo(ChannelOrder.BGR);
    assertThat(preprocessing.mean()).containsExactly(CaffeGraph.IMAGENET_MEAN_BGR);
    assertThat(preprocessing.scale()).isEqualTo(1f);
  }

  @Test
  void theModelSummarisesAndItsConfigurationRoundTripsThroughJson() {
    CaffeModel caffe =
        counting(
            """
            layer { name: 'conv' type: 'Convolution' bottom: 'data' top: 'conv'
                    convolution_param { num_output: 3 kernel_size: 3 group: 3 } }
            layer { name: 'relu' type: 'ReLU' bottom: 'conv' top: 'conv' }
            layer { name: 'pool' type: 'Pooling' bottom: 'conv' top: 'pool'
                    pooling_param { pool: AVE kernel_size: 3 stride: 2 pad: 1 } }
            layer { name: 'prob' type: 'Softmax' bottom: 'pool' top: 'prob' }
            """);
    CnnModel model = model(caffe);

    var summary = model.summary();
    String json = model.graph().getConfiguration().toJson();

    assertThat(summary.layers())
        .extracting(layer -> layer.name() + " " + Arrays.toString(layer.outputShape()))
        .containsExactly("data [3, 8, 8]", "conv [3, 6, 6]", "pool [3, 4, 4]", "prob [3, 4, 4]");
    // Every setting survives: the configuration read back writes the same JSON.
    assertThat(ComputationGraphConfiguration.fromJson(json).toJson()).isEqualTo(json);
    assertThat(json).contains("ExactPooling").contains("\"padTop\" : 1");
    // And the graph read back computes what the imported one does.
    ComputationGraph copy = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
    copy.init(model.graph().params().dup(), false);
    INDArray input = Nd4j.rand(DataType.FLOAT, 1, 3, 8, 8).subi(0.5);
    assertThat(copy.output(false, input.dup())[0]).isEqualTo(model.graph().output(false, input)[0]);
  }
}
