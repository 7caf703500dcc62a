package dev.convscope.models.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class FashionMnistCnnTest {

  @Test
  void theSoftmaxLossLayerAfterIp2Trains() {
    ComputationGraph graph = FashionMnistCnn.untrained(1);
    Nd4j.getRandom().setSeed(1);
    INDArray images = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, 10);
    for (int i = 0; i < 16; i++) {
      labels.putScalar(i, i % 10, 1);
    }
    DataSet batch = new DataSet(images, labels);

    double before = graph.score(batch);
    for (int step = 0; step < 20; step++) {
      graph.fit(batch);
    }
    double after = graph.score(batch);

    assertThat(before).as("about ln 10 for ten guessed classes").isBetween(1.5, 4.0);
    assertThat(after).as("a batch of 16 is learnt by heart").isLessThan(before / 4);
  }

  @Test
  void theSameSeedGivesTheSameStartingWeights() {
    assertThat(FashionMnistCnn.untrained(5).params())
        .isEqualTo(FashionMnistCnn.untrained(5).params());
    assertThat(FashionMnistCnn.untrained(5).params())
        .isNotEqualTo(FashionMnistCnn.untrained(6).params());
  }

  @Test
  void probHasTheClassCountAsItsOutputSize() {
    ComputationGraph graph = FashionMnistCnn.untrained(1);

    assertThat(graph.getConfiguration().getVertexInputs().get("prob")).containsExactly("ip2");
    assertThat(graph.getConfiguration().getNetworkOutputs()).containsExactly("prob");
    assertThat(graph.getLayer("prob").numParams()).isZero();
    assertThat(graph.getLayer("ip2").numParams()).isEqualTo(500 * 10 + 10);
  }
}
