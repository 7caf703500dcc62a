package dev.convscope.models.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GroupedConvolutionTest {

  static ConvolutionLayer oneByOne(int in, int out) {
    return new ConvolutionLayer.Builder(1, 1)
        .nIn(in)
        .nOut(out)
        .activation(Activation.IDENTITY)
        .build();
  }

  @Test
  void eachGroupSeesOnlyItsSliceOfTheInputChannels() {
    var graph =
        new NeuralNetConfiguration.Builder()
            .seed(1)
            .dataType(DataType.FLOAT)
            .graphBuilder()
            .addInputs("in");
    List<String> groups =
        GroupedConvolution.add(graph, "conv", "in", 4, 2, 2, GroupedConvolutionTest::oneByOne);
    ComputationGraph net = new ComputationGraph(graph.setOutputs("conv").build());
    net.init();
    // Group 0 weighs input channels (0, 1) by (1, 10); group 1 weighs (2, 3) by (100, 1000).
    net.getLayer("conv_group0")
        .getParam("W")
        .assign(Nd4j.createFromArray(1f, 10f).reshape(1, 2, 1, 1));
    net.getLayer("conv_group1")
        .getParam("W")
        .assign(Nd4j.createFromArray(100f, 1000f).reshape(1, 2, 1, 1));
    net.getLayer("conv_group0").getParam("b").assign(0);
    net.getLayer("conv_group1").getParam("b").assign(0);
    INDArray x = Nd4j.createFromArray(1f, 2f, 3f, 4f).reshape(1, 4, 1, 1);

    INDArray y = net.outputSingle(false, x);

    assertThat(groups).containsExactly("conv_group0", "conv_group1");
    assertThat(y.shape()).containsExactly(1, 2, 1, 1);
    assertThat(y.getFloat(0)).isCloseTo(1 * 1 + 10 * 2, offset(1e-4f));
    assertThat(y.getFloat(1)).isCloseTo(100 * 3 + 1000 * 4, offset(1e-2f));
  }

  @Test
  void refusesChannelsThatDoNotSplitEvenly() {
    var graph = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in");

    assertThatThrownBy(
            () ->
                GroupedConvolution.add(
                    graph, "conv", "in", 96, 255, 2, GroupedConvolutionTest::oneByOne))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 groups");
  }
}
