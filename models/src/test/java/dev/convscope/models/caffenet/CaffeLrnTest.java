package dev.convscope.models.caffenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CaffeLrnTest {

  /** One DL4J LRN layer over (channels, height, width) inputs. */
  static INDArray dl4jLrn(LocalResponseNormalization layer, INDArray input) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.FLOAT)
            .graphBuilder()
            .addInputs("in")
            .addLayer("lrn", layer, "in")
            .setOutputs("lrn")
            .setInputTypes(InputType.convolutional(input.size(2), input.size(3), input.size(1)))
            .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return graph.outputSingle(false, input);
  }

  @Test
  void threeChannelsGiveWhatCaffesFormulaGivesByHand() {
    // x = (100, 200, 300) at one pixel; local_size 5 covers all three channels for each of them:
    // k + alpha/n · Σx² = 1 + 1e-4/5 · 140000 = 3.8, and 3.8^0.75 = 2.72168398...
    INDArray x = Nd4j.createFromArray(new float[] {100, 200, 300}).reshape(1, 3, 1, 1);

    INDArray y = dl4jLrn(CaffeLrn.acrossChannels(5, 1e-4, 0.75, 1), x);

    assertThat(y.data().asFloat())
        .containsExactly(new float[] {36.741959f, 73.483917f, 110.225876f}, offset(2e-4f));
  }

  @Test
  void dl4jsOwnAlphaIsNotDividedByLocalSize() {
    INDArray x = Nd4j.createFromArray(new float[] {100, 200, 300}).reshape(1, 3, 1, 1);
    var unconverted =
        new LocalResponseNormalization.Builder().n(5).alpha(1e-4).beta(0.75).k(1).build();

    // 1 + 1e-4 · 140000 = 15, 15^0.75 = 7.62199...: what Caffe's alpha would give if passed as it
    // is.
    INDArray y = dl4jLrn(unconverted, x);

    assertThat(y.getFloat(0)).isCloseTo((float) (100 / Math.pow(15, 0.75)), offset(1e-3f));
  }

  @Test
  void sevenChannelsMatchCaffeIncludingTheEdgesWhereTheWindowIsCut() {
    int channels = 7;
    int height = 2;
    int width = 3;
    INDArray x = Nd4j.create(DataType.FLOAT, 1, channels, height, width);
    for (int c = 0; c < channels; c++) {
      for (int h = 0; h < height; h++) {
        for (int w = 0; w < width; w++) {
          x.putScalar(
              new long[] {0, c, h, w}, 40 * (c + 1) - 25 * h + 9 * w - (c % 2 == 0 ? 60 : 0));
        }
      }
    }

    INDArray y = dl4jLrn(CaffeLrn.acrossChannels(5, 1e-4, 0.75, 1), x);

    for (int c = 0; c < channels; c++) {
      for (int h = 0; h < height; h++) {
        for (int w = 0; w < width; w++) {
          // Caffe pads the channel axis with zeros: the window is channels c-2..c+2 that exist.
          double sum = 0;
          for (int other = Math.max(0, c - 2); other <= Math.min(channels - 1, c + 2); other++) {
            double value = x.getDouble(0, other, h, w);
            sum += value * value;
          }
          double expected = x.getDouble(0, c, h, w) / Math.pow(1 + 1e-4 / 5 * sum, 0.75);
          assertThat(y.getDouble(0, c, h, w))
              .as("c=%d h=%d w=%d", c, h, w)
              .isCloseTo(expected, offset(Math.abs(expected) * 1e-5 + 1e-5));
        }
      }
    }
  }

  @Test
  void refusesAnEvenLocalSize() {
    assertThatThrownBy(() -> CaffeLrn.acrossChannels(4, 1e-4, 0.75, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
