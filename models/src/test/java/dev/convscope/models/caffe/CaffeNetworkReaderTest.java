package dev.convscope.models.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.models.caffe.LayerParams.EltwiseOperation;
import dev.convscope.models.caffe.LayerParams.NormRegion;
import dev.convscope.models.caffe.LayerParams.PoolMethod;
import dev.convscope.models.caffe.LayerParams.RoundMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Network definitions written here: every layer type, Caffe's defaults and shapes, the rules. */
class CaffeNetworkReaderTest {

  /** One input (2, 8, 6, 6), then the layers given. */
  private static CaffeNetwork network(String layers) {
    return CaffeNetworkReader.parse(
        """
        name: "test"
        layer { name: "data" type: "Input" top: "data"
                input_param { shape { dim: 2 dim: 8 dim: 6 dim: 6 } } }
        """
            + layers);
  }

  private static LayerParams params(CaffeNetwork network, String layer) {
    return network.layer(layer).orElseThrow().params();
  }

  /** Every supported type with nothing set but what it cannot do without. */
  private static final String EVERY_TYPE =
      """
      layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
              convolution_param { num_output: 4 kernel_size: 3 } }
      layer { name: "bn" type: "BatchNorm" bottom: "conv" top: "conv" }
      layer { name: "scale" type: "Scale" bottom: "conv" top: "conv" }
      layer { name: "relu" type: "ReLU" bottom: "conv" top: "conv" }
      layer { name: "pool" type: "Pooling" bottom: "conv" top: "pool"
              pooling_param { kernel_size: 2 } }
      layer { name: "norm" type: "LRN" bottom: "pool" top: "norm" }
      layer { name: "sig" type: "Sigmoid" bottom: "norm" top: "sig" }
      layer { name: "tanh" type: "TanH" bottom: "norm" top: "th" }
      layer { name: "cat" type: "Concat" bottom: "sig" bottom: "th" top: "cat" }
      layer { name: "sum" type: "Eltwise" bottom: "sig" bottom: "th" top: "sum" }
      layer { name: "flat" type: "Flatten" bottom: "cat" top: "flat" }
      layer { name: "fc" type: "InnerProduct" bottom: "flat" top: "fc"
              inner_product_param { num_output: 3 } }
      layer { name: "drop" type: "Dropout" bottom: "fc" top: "fc" }
      layer { name: "prob" type: "Softmax" bottom: "fc" top: "prob" }
      """;

  @Test
  void everyTypeTakesCaffesDefaults() {
    CaffeNetwork network = network(EVERY_TYPE);

    assertThat(params(network, "conv"))
        .isEqualTo(new LayerParams.Convolution(4, 3, 3, 1, 1, 0, 0, 1, 1, 1, true, 1));
    assertThat(params(network, "bn")).isEqualTo(new LayerParams.BatchNorm(1e-5f, true, 0.999f));
    assertThat(params(network, "scale")).isEqualTo(new LayerParams.Scale(1, 1, false));
    assertThat(params(network, "relu")).isEqualTo(new LayerParams.ReLU(0f));
    assertThat(params(network, "pool"))
        .isEqualTo(
            new LayerParams.Pooling(PoolMethod.MAX, 2, 2, 1, 1, 0, 0, false, RoundMode.CEIL));
    assertThat(params(network, "norm"))
        .isEqualTo(new LayerParams.Lrn(5, 1f, 0.75f, 1f, NormRegion.ACROSS_CHANNELS));
    assertThat(params(network, "sig")).isEqualTo(new LayerParams.None());
    assertThat(params(network, "tanh")).isEqualTo(new LayerParams.None());
    assertThat(params(network, "cat")).isEqualTo(new LayerParams.Concat(1));
    assertThat(params(network, "sum"))
        .isEqualTo(new LayerParams.Eltwise(EltwiseOperation.SUM, List.of(1f, 1f)));
    assertThat(params(network, "flat")).isEqualTo(new LayerParams.Flatten(1, -1));
    assertThat(params(network, "fc")).isEqualTo(new LayerParams.InnerProduct(3, true, 1, false));
    assertThat(params(network, "drop")).isEqualTo(new LayerParams.Dropout(0.5f));
    assertThat(params(network, "prob")).isEqualTo(new LayerParams.Softmax(1));
  }

  @Test
  void everyTypeShapesItsBlobsAsCaffeDoes() {
    CaffeNetwork network = network(EVERY_TYPE);

    assertThat(network.blobShapes())
        .containsExactly(
            Map.entry("data", List.of(2, 8, 6, 6)),
            Map.entry("conv", List.of(2, 4, 4, 4)),
            // stride 1: (4 - 2) / 1 + 1
            Map.entry("pool", List.of(2, 4, 3, 3)),
            Map.entry("norm", List.of(2, 4, 3, 3)),
            Map.entry("sig", List.of(2, 4, 3, 3)),
            Map.entry("th", List.of(2, 4, 3, 3)),
            Map.entry("cat", List.of(2, 8, 3, 3)),
            Map.entry("sum", List.of(2, 4, 3, 3)),
            Map.entry("flat", List.of(2, 72)),
            Map.entry("fc", List.of(2, 3)),
            Map.entry("prob", List.of(2, 3)));
    assertThat(network.layer("conv").orElseThrow().parameters())
        .containsExactly(
            new ParameterBlob("weights", List.of(4, 8, 3, 3)),
            new ParameterBlob("bias", List.of(4)));
    assertThat(network.layer("bn").orElseThrow().parameters())
        .containsExactly(
            new ParameterBlob("mean", List.of(4)),
            new ParameterBlob("variance", List.of(4)),
            new ParameterBlob("scale factor", List.of(1)));
    assertThat(network.layer("scale").orElseThrow().parameters())
        .containsExactly(new ParameterBlob("scale", List.of(4)));
    assertThat(network.layer("fc").orElseThrow().parameters())
        .containsExactly(
            new ParameterBlob("weights", List.of(3, 72)), new ParameterBlob("bias", List.of(3)));
    assertThat(network.layers())
        .filteredOn(layer -> !List.of("conv", "bn", "scale", "fc").contains(layer.name()))
        .allSatisfy(layer -> assertThat(layer.parameters()).isEmpty());
  }

  @Test
  void settingsAsWrittenOverrideTheDefaults() {
    CaffeNetwork network =
        network(
            """
            layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
                    convolution_param { num_output: 4 kernel_h: 3 kernel_w: 1 stride_h: 2
                      stride_w: 1 pad_h: 1 pad_w: 0 dilation: 2 group: 4 bias_term: false } }
            layer { name: "bn" type: "BatchNorm" bottom: "conv" top: "bn"
                    batch_norm_param { eps: 0.001 use_global_stats: false } }
            layer { name: "scale" type: "Scale" bottom: "bn" top: "bn"
                    scale_param { bias_term: true } }
            layer { name: "relu" type: "ReLU" bottom: "bn" top: "bn"
                    relu_param { negative_slope: 0.1 } }
            layer { name: "norm" type: "LRN" bottom: "bn" top: "norm"
                    lrn_param { local_size: 3 alpha: 2 beta: 0.5 k: 2
                      norm_region: WITHIN_CHANNEL } }
            layer { name: "pool" type: "Pooling" bottom: "norm" top: "pool"
                    pooling_param { pool: AVE global_pooling: true } }
            layer { name: "floor" type: "Pooling" bottom: "data" top: "floor"
                    pooling_param { pool: MAX kernel_size: 3 stride: 2 round_mode: FLOOR } }
            layer { name: "max" type: "Eltwise" bottom: "floor" bottom: "floor" top: "max"
                    eltwise_param { operation: MAX } }
            layer { name: "diff" type: "Eltwise" bottom: "floor" bottom: "max" top: "diff"
                    eltwise_param { coeff: 1 coeff: -1 } }
            layer { name: "cat" type: "Concat" bottom: "floor" bottom: "max" top: "cat"
                    concat_param { axis: -1 } }
            layer { name: "flat" type: "Flatten" bottom: "cat" top: "flat"
                    flatten_param { axis: 2 } }
            layer { name: "fc" type: "InnerProduct" bottom: "flat" top: "fc"
                    inner_product_param { num_output: 3 transpose: true axis: 2 } }
            layer { name: "prob" type: "Softmax" bottom: "fc" top: "prob"
                    softmax_param { axis: -1 } }
            """);

    assertThat(params(network, "conv"))
        .isEqualTo(new LayerParams.Convolution(4, 3, 1, 2, 1, 1, 0, 2, 2, 4, false, 1));
    // (6 + 2 - (2 * 2 + 1)) / 2 + 1 = 2 rows; (6 - (2 * 0 + 1)) / 1 + 1 = 6 columns
    assertThat(network.blobShapes().get("conv")).containsExactly(2, 4, 2, 6);
    assertThat(network.layer("conv").orElseThrow().parameters())
        .containsExactly(new ParameterBlob("weights", List.of(4, 2, 3, 1)));
    assertThat(params(network, "bn")).isEqualTo(new LayerParams.BatchNorm(0.001f, false, 0.999f));
    assertThat(network.layer("scale").orElseThrow().parameters())
        .containsExactly(
            new ParameterBlob("scale", List.of(4)), new ParameterBlob("bias", List.of(4)));
    assertThat(params(network, "relu")).isEqualTo(new LayerParams.ReLU(0.1f));
    assertThat(params(network, "norm"))
        .isEqualTo(new LayerParams.Lrn(3, 2f, 0.5f, 2f, NormRegion.WITHIN_CHANNEL));
    // Global pooling: the kernel is the input's 2 x 6, resolved in the network's layer.
    assertThat(params(network, "pool"))
        .isEqualTo(new LayerParams.Pooling(PoolMethod.AVE, 2, 6, 1, 1, 0, 0, true, RoundMode.CEIL));
    assertThat(network.blobShapes().get("pool")).containsExactly(2, 4, 1, 1);
    // (6 - 3) / 2 = 1.5 windows, rounded down as asked: 2.
    assertThat(network.blobShapes().get("floor")).containsExactly(2, 8, 2, 2);
    assertThat(params(network, "max"))
        .isEqualTo(new LayerParams.Eltwise(EltwiseOperation.MAX, List.of(1f, 1f)));
    assertThat(params(network, "diff"))
        .isEqualTo(new LayerParams.Eltwise(EltwiseOperation.SUM, List.of(1f, -1f)));
    assertThat(network.blobShapes().get("cat")).containsExactly(2, 8, 2, 4);
    assertThat(network.blobShapes().get("flat")).containsExactly(2, 8, 8);
    assertThat(params(network, "fc")).isEqualTo(new LayerParams.InnerProduct(3, true, 2, true));
    assertThat(network.blobShapes().get("fc")).containsExactly(2, 8, 3);
    assertThat(network.layer("fc").orElseThrow().parameters())
        .containsExactly(
            new ParameterBlob("weights", List.of(8, 3)), new ParameterBlob("bias", List.of(3)));
    assertThat(params(network, "prob")).isEqualTo(new LayerParams.Softmax(-1));
  }

  @ParameterizedTest(name = "{0} with kernel {1}, stride {2}, pad {3}: {4}")
  @CsvSource({
    // CaffeNet's pool1: 55 -> 27, an exact division.
    "55, 3, 2, 0, 27",
    // 2.5 windows: Caffe rounds up.
    "8, 3, 2, 0, 4",
    "7, 2, 2, 0, 4",
    // Padded: (6 + 2 - 3) / 2 = 2.5 -> 4; the last window starts inside the input, kept.
    "6, 3, 2, 1, 4",
    // (5 + 2 - 2) / 2 = 2.5 -> 4; the last window would start in the padding: 3.
    "5, 2, 2, 1, 3",
  })
  void poolingRoundsUpAsCaffeDoes(int size, int kernel, int stride, int pad, int pooled) {
    CaffeNetwork network =
        CaffeNetworkReader.parse(
            "input: 'data' input_shape { dim: 1 dim: 1 dim: %d dim: %d }\n".formatted(size, size)
                + ("layer { name: 'pool' type: 'Pooling' bottom: 'data' top: 'pool'"
                        + " pooling_param { kernel_size: %d stride: %d pad: %d } }")
                    .formatted(kernel, stride, pad));

    assertThat(network.blobShapes().get("pool")).containsExactly(1, 1, pooled, pooled);
  }

  @Test
  void fieldsTheReaderDoesNotUseAreSkipped() {
    String plain =
        """
        layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
                convolution_param { num_output: 4 kernel_size: 3 } }
        """;
    String decorated =
        """
        force_backward: true
        state { phase: TEST level: 2 }
        layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
                param { lr_mult: 1 decay_mult: 1 } param { lr_mult: 2 decay_mult: 0 }
                propagate_down: true
                convolution_param { num_output: 4 kernel_size: 3 engine: CUDNN
                  weight_filler { type: "xavier" } bias_filler { type: "constant" value: 0.2 } } }
        """;

    assertThat(network(decorated)).isEqualTo(network(plain));
  }

  @Test
  void aDeployNetworkIsBuiltForTheTestPhase() {
    CaffeNetwork network =
        network(
            """
            layer { name: "train_only" type: "Dropout" bottom: "data" top: "a"
                    include { phase: TRAIN } }
            layer { name: "test_only" type: "ReLU" bottom: "data" top: "b"
                    include { phase: TEST } }
            layer { name: "not_in_test" type: "ReLU" bottom: "data" top: "c"
                    exclude { phase: TEST } }
            layer { name: "staged" type: "ReLU" bottom: "data" top: "d"
                    include { stage: "deploy" } }
            layer { name: "levelled" type: "ReLU" bottom: "data" top: "e"
                    include { min_level: 1 } }
            layer { name: "kept" type: "Sigmoid" bottom: "data" top: "f"
                    exclude { phase: TRAIN } }
            """);

    assertThat(network.layers()).extracting(CaffeLayer::name).containsExactly("test_only", "kept");
  }

  @Test
  void refusesAnUnsupportedTypeNamingTheLayerAndTheSupportedOnes() {
    assertThatThrownBy(
            () ->
                network(
                    """
                    layer { name: "spp1" type: "SPP" bottom: "data" top: "spp1" }
                    """))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage(
            "layer 'spp1' has type 'SPP', which is not supported; supported types: Input,"
                + " Convolution, Pooling, InnerProduct, ReLU, Sigmoid, TanH, LRN, Dropout, Softmax,"
                + " Concat, Eltwise, BatchNorm, Scale, Flatten");
    assertThatThrownBy(
            () ->
                CaffeNetworkReader.parse(
                    """
                    input: "data" input_dim: 1 input_dim: 3 input_dim: 8 input_dim: 8
                    layers { name: "loss" type: SOFTMAX_LOSS bottom: "data" top: "loss" }
                    """))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageStartingWith("layer 'loss' has type 'SOFTMAX_LOSS', which is not supported");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a bottom nobody produced | layer { name: 'relu' type: 'ReLU' bottom: 'nowhere' top: 'r' } \
          | layer 'relu' reads blob 'nowhere', which no layer before it produces (a dangling input); blobs so far: [data]
          a bottom produced later | layer { name: 'a' type: 'ReLU' bottom: 'b' top: 'a' } \
            layer { name: 'b' type: 'ReLU' bottom: 'data' top: 'b' } \
          | layer 'a' reads blob 'b', which no layer before it produces
          a top produced twice | layer { name: 'a' type: 'ReLU' bottom: 'data' top: 'x' } \
            layer { name: 'b' type: 'Sigmoid' bottom: 'data' top: 'x' } \
          | layer 'b' writes blob 'x', which layer 'a' already produced; only a layer computing in place (top named as its bottom) may write a blob again
          the input overwritten | layer { name: 'a' type: 'ReLU' bottom: 'data' top: 'data' } \
            layer { name: 'b' type: 'Input' top: 'data' input_param { shape { dim: 1 } } } \
          | layer 'b' writes blob 'data', which layer 'data' already produced
          a convolution in place | layer { name: 'conv' type: 'Convolution' bottom: 'data' top: 'data' \
            convolution_param { num_output: 8 kernel_size: 1 } } \
          | layer 'conv' (Convolution) writes its result over its bottom 'data'; only these compute in place: ReLU, Sigmoid, TanH, Dropout, BatchNorm, Scale
          two layers of one name | layer { name: 'a' type: 'ReLU' bottom: 'data' top: 'x' } \
            layer { name: 'a' type: 'ReLU' bottom: 'data' top: 'y' } \
          | two layers are named 'a'
          a layer without a name | layer { type: 'ReLU' bottom: 'data' top: 'x' } \
          | layer 2 of the file (type 'ReLU') has no name
          too many bottoms | layer { name: 'a' type: 'ReLU' bottom: 'data' bottom: 'data' top: 'x' } \
          | layer 'a' (ReLU) reads [data, data] and writes [x]; this reader builds it reading 1 and writing 1 blobs
          include and exclude | layer { name: 'a' type: 'ReLU' bottom: 'data' top: 'x' \
            include { phase: TEST } exclude { phase: TRAIN } } \
          | layer 'a' has both include and exclude rules; give one kind
          a group not dividing the channels | layer { name: 'conv' type: 'Convolution' bottom: 'data' top: 'c' \
            convolution_param { num_output: 6 kernel_size: 1 group: 3 } } \
          | layer 'conv' (Convolution) has group 3 with 8 input and 6 output channels; both must be multiples of the group
          a kernel larger than the input | layer { name: 'conv' type: 'Convolution' bottom: 'data' top: 'c' \
            convolution_param { num_output: 6 kernel_size: 7 } } \
          | layer 'conv' (Convolution) would turn a blob of shape [2, 8, 6, 6] into one of shape [2, 6, 0, 0]: its kernel does not fit the input
          no kernel | layer { name: 'conv' type: 'Convolution' bottom: 'data' top: 'c' \
            convolution_param { num_output: 6 } } \
          | layer 'conv' sets no kernel_size (nor kernel_h and kernel_w)
          kernel_size and kernel_h | layer { name: 'conv' type: 'Convolution' bottom: 'data' top: 'c' \
            convolution_param { num_output: 6 kernel_size: 3 kernel_h: 3 } } \
          | layer 'conv' sets both kernel_size and kernel_h/kernel_w; give one or the other
          kernel_size three times | layer { name: 'conv' type: 'Convolution' bottom: 'data' top: 'c' \
            convolution_param { num_output: 6 kernel_size: 1 kernel_size: 1 kernel_size: 1 } } \
          | layer 'conv' gives kernel_size 3 times; a 2-D convolution takes it once or once per spatial axis
          a zero stride | layer { name: 'conv' type: 'Convolution' bottom: 'data' top: 'c' \
            convolution_param { num_output: 6 kernel_size: 1 stride: 0 } } \
          | layer 'conv' has the stride 0; it must be positive
          no num_output | layer { name: 'fc' type: 'InnerProduct' bottom: 'data' top: 'fc' } \
          | layer 'fc' has num_output 0; it must be positive
          stochastic pooling | layer { name: 'pool' type: 'Pooling' bottom: 'data' top: 'p' \
            pooling_param { pool: STOCHASTIC kernel_size: 2 } } \
          | layer 'pool' pools with method STOCHASTIC, which is not supported; MAX and AVE are
          a pad as large as the kernel | layer { name: 'pool' type: 'Pooling' bottom: 'data' top: 'p' \
            pooling_param { kernel_size: 2 pad: 2 } } \
          | layer 'pool' pads by 2x2 with a 2x2 kernel; the pad must be smaller than the kernel
          half a pad pair | layer { name: 'pool' type: 'Pooling' bottom: 'data' top: 'p' \
            pooling_param { kernel_size: 2 pad_h: 1 } } \
          | layer 'pool' sets pad as pad_h/pad_w; give pad, or both pad_h and pad_w
          an even LRN size | layer { name: 'norm' type: 'LRN' bottom: 'data' top: 'n' \
            lrn_param { local_size: 4 } } \
          | layer 'norm' has local_size 4; Caffe's LRN takes odd sizes only
          coefficients for a product | layer { name: 'e' type: 'Eltwise' bottom: 'data' bottom: 'data' top: 'e' \
            eltwise_param { operation: PROD coeff: 1 coeff: 2 } } \
          | layer 'e' gives coefficients to operation PROD; only SUM takes them
          one coefficient for two bottoms | layer { name: 'e' type: 'Eltwise' bottom: 'data' bottom: 'data' top: 'e' \
            eltwise_param { coeff: 1 } } \
          | layer 'e' gives coefficients [1.0] for 2 bottoms; one per bottom
          blobs of two shapes summed | layer { name: 'p' type: 'Pooling' bottom: 'data' top: 'p' \
            pooling_param { kernel_size: 2 } } \
            layer { name: 'e' type: 'Eltwise' bottom: 'data' bottom: 'p' top: 'e' } \
          | layer 'e' (Eltwise) combines blobs of shapes [[2, 8, 6, 6], [2, 8, 5, 5]]; all must have the same shape
          blobs of two sizes joined | layer { name: 'p' type: 'Pooling' bottom: 'data' top: 'p' \
            pooling_param { kernel_size: 2 } } \
            layer { name: 'c' type: 'Concat' bottom: 'data' bottom: 'p' top: 'c' } \
          | layer 'c' (Concat) joins blobs of shapes [[2, 8, 6, 6], [2, 8, 5, 5]] along axis 1; all shapes must match on every other axis
          an axis out of range | layer { name: 's' type: 'Softmax' bottom: 'data' top: 's' \
            softmax_param { axis: 4 } } \
          | layer 's' (Softmax) has axis 4, outside a blob of shape [2, 8, 6, 6]
          a flatten in place | layer { name: 'f' type: 'Flatten' bottom: 'data' top: 'data' } \
          | layer 'f' (Flatten) writes its result over its bottom 'data'
          """)
  void refusesANetworkThatCaffeWouldNotBuild(String what, String layers, String message) {
    assertThatThrownBy(() -> network(layers))
        .as(what)
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no input | layer { name: 'r' type: 'ReLU' bottom: 'x' top: 'x' } \
          | layer 'r' reads blob 'x', which no layer before it produces
          inputs only | input: 'data' input_shape { dim: 1 } \
          | the network has no layer besides its inputs
          nothing | name: 'empty' \
          | the network declares no input (an Input layer, or input with input_shape or input_dim)
          three input_dim | input: 'data' input_dim: 1 input_dim: 3 input_dim: 8 \
          | the network's inputs [data] take four input_dim each (num, channels, height, width); it gives [1, 3, 8]
          an input without a shape | input: 'data' \
          | the network's inputs [data] take four input_dim each (num, channels, height, width); it gives []
          a zero input size | input: 'data' input_shape { dim: 1 dim: 0 } \
          | input 'data' has shape [1, 0]; every size must be at least 1
          both generations | input: 'data' input_shape { dim: 1 } \
            layer { name: 'a' type: 'ReLU' bottom: 'data' top: 'a' } \
            layers { name: 'b' type: RELU bottom: 'data' top: 'b' } \
          | the network mixes current layers (layer) with V1 layers (layers); a file uses one
          a V0 layer | input: 'data' input_shape { dim: 1 } \
            layers { layer { name: 'conv1' type: 'conv' } } \
          | the network's layers are in the V0 format of 2014 and before, which is not supported
          not text format | layer { name: 'a' type: 'ReLU' bottom: 'data' \
          | not a Caffe network definition (text format) at line 1:
          an unknown enum value | input: 'data' input_shape { dim: 1 dim: 1 dim: 4 dim: 4 } \
            layer { name: 'p' type: 'Pooling' bottom: 'data' top: 'p' pooling_param { pool: MEDIAN } } \
          | not a Caffe network definition (text format) at line 1:
          """)
  void refusesAFileThatDoesNotDefineANetwork(String what, String prototxt, String message) {
    assertThatThrownBy(() -> CaffeNetworkReader.parse(prototxt))
        .as(what)
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageStartingWith(message);
  }
}
