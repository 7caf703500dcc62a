package dev.convscope.models.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import dev.convscope.models.graph.ExactPooling.Divisor;
import dev.convscope.models.graph.ExactPooling.Method;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ExactPoolingTest {

  /** Caffe's pooling: rounded up, the same padding at both sides, the padded window's divisor. */
  static ExactPooling pooling(
      Method method, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
    return new ExactPooling(
        method,
        new int[] {kernelH, kernelW},
        new int[] {strideH, strideW},
        new int[] {padH, padW, padH, padW},
        true,
        Divisor.PADDED_WINDOW);
  }

  static INDArray random(long seed, int n, int c, int h, int w, float low, float high) {
    Random random = new Random(seed);
    float[] values = new float[n * c * h * w];
    for (int i = 0; i < values.length; i++) {
      values[i] = low + (high - low) * random.nextFloat();
    }
    return Nd4j.create(values, new long[] {n, c, h, w}, 'c');
  }

  /**
   * Caffe's pooling layer (pooling_layer.cpp, Forward_cpu) transcribed loop for loop: the output
   * size rounded up and cut back when the last window starts in the padding; MAX over the input
   * values in the window; AVE dividing by the window clipped to the padded input.
   */
  static float[][][][] caffeLoop(
      float[][][][] x, Method method, int kh, int kw, int sh, int sw, int ph, int pw) {
    int height = x[0][0].length;
    int width = x[0][0][0].length;
    int pooledH = (int) Math.ceil((float) (height + 2 * ph - kh) / sh) + 1;
    int pooledW = (int) Math.ceil((float) (width + 2 * pw - kw) / sw) + 1;
    if (ph > 0 || pw > 0) {
      if ((pooledH - 1) * sh >= height + ph) {
        --pooledH;
      }
      if ((pooledW - 1) * sw >= width + pw) {
        --pooledW;
      }
    }
    float[][][][] top = new float[x.length][x[0].length][pooledH][pooledW];
    for (int n = 0; n < x.length; n++) {
      for (int c = 0; c < x[0].length; c++) {
        for (int oh = 0; oh < pooledH; oh++) {
          for (int ow = 0; ow < pooledW; ow++) {
            int hstart = oh * sh - ph;
            int wstart = ow * sw - pw;
            if (method == Method.MAX) {
              int hend = Math.min(hstart + kh, height);
              int wend = Math.min(wstart + kw, width);
              hstart = Math.max(hstart, 0);
              wstart = Math.max(wstart, 0);
              float max = -Float.MAX_VALUE;
              for (int h = hstart; h < hend; h++) {
                for (int w = wstart; w < wend; w++) {
                  max = Math.max(max, x[n][c][h][w]);
                }
              }
              top[n][c][oh][ow] = max;
            } else {
              int hend = Math.min(hstart + kh, height + ph);
              int wend = Math.min(wstart + kw, width + pw);
              int poolSize = (hend - hstart) * (wend - wstart);
              hstart = Math.max(hstart, 0);
              wstart = Math.max(wstart, 0);
              hend = Math.min(hend, height);
              wend = Math.min(wend, width);
              float sum = 0;
              for (int h = hstart; h < hend; h++) {
                for (int w = wstart; w < wend; w++) {
                  sum += x[n][c][h][w];
                }
              }
              top[n][c][oh][ow] = sum / poolSize;
            }
          }
        }
      }
    }
    return top;
  }

  static float[][][][] nested(INDArray array) {
    long[] s = array.shape();
    float[][][][] out = new float[(int) s[0]][(int) s[1]][(int) s[2]][(int) s[3]];
    for (int n = 0; n < s[0]; n++) {
      for (int c = 0; c < s[1]; c++) {
        for (int h = 0; h < s[2]; h++) {
          for (int w = 0; w < s[3]; w++) {
            out[n][c][h][w] = array.getFloat(n, c, h, w);
          }
        }
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} {1}x{2} input, kernel {3}x{4}, stride {5}x{6}, pad {7}x{8}")
  @CsvSource({
    // Rounded up: (8 - 3) / 2 = 2.5 -> 4 windows, the last reaching past the input.
    "MAX, 8, 8, 3, 3, 2, 2, 0, 0",
    "AVERAGE, 8, 8, 3, 3, 2, 2, 0, 0",
    // Padded, rounded up, the last window clipped to the padded input: the divisor matters.
    "AVERAGE, 32, 32, 3, 3, 2, 2, 1, 1",
    "MAX, 32, 32, 3, 3, 2, 2, 1, 1",
    // (5 + 2 - 2) / 2 = 2.5 -> 4, cut back to 3: the last window would start in the padding.
    "AVERAGE, 5, 5, 2, 2, 2, 2, 1, 1",
    "MAX, 5, 5, 2, 2, 2, 2, 1, 1",
    // Rectangular: kernel, stride and pad differ between the axes.
    "AVERAGE, 9, 7, 3, 2, 2, 1, 1, 0",
    "MAX, 9, 7, 3, 2, 2, 1, 1, 0",
    // Overlapping windows, stride 1, pad 2 of a 3x3 kernel.
    "AVERAGE, 6, 6, 3, 3, 1, 1, 2, 2",
    "MAX, 6, 6, 3, 3, 1, 1, 2, 2",
  })
  void matchesCaffesLoop(
      Method method, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw) {
    INDArray x = random(h * 31L + w, 2, 3, h, w, -5, 5);

    INDArray y = pooling(method, kh, kw, sh, sw, ph, pw).apply(x);

    float[][][][] expected = caffeLoop(nested(x), method, kh, kw, sh, sw, ph, pw);
    assertThat(y.shape()).containsExactly(2, 3, expected[0][0].length, expected[0][0][0].length);
    float[][][][] actual = nested(y);
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < expected[0][0].length; i++) {
          assertThat(actual[n][c][i]).containsExactly(expected[n][c][i], offset(1e-5f));
        }
      }
    }
  }

  @Test
  void maxNeverTakesThePaddingEvenOverNegativeValues() {
    INDArray x = random(7, 1, 2, 6, 6, -9, -1); // every value negative

    INDArray y = pooling(Method.MAX, 3, 3, 2, 2, 1, 1).apply(x);

    // (6 + 2 - 3) / 2 = 2.5 -> 4 windows a side; a zero from the padding would win every border.
    assertThat(y.shape()).containsExactly(1, 2, 4, 4);
    assertThat(y.maxNumber().floatValue()).isLessThan(-1);
    assertThat(y.getFloat(0, 0, 0, 0))
        .isEqualTo(
            Math.max(
                Math.max(x.getFloat(0, 0, 0, 0), x.getFloat(0, 0, 0, 1)),
                Math.max(x.getFloat(0, 0, 1, 0), x.getFloat(0, 0, 1, 1))));
  }

  @Test
  void averageDividesByTheWindowClippedToThePaddedInput() {
    // Inputs of ones, a 3x3 kernel, stride 2, pad 1. 3x3 input: (3 + 2 - 3) / 2 + 1 = 2 windows
    // a side. Window 0 spans rows -1..1, window 1 rows 1..3 (up to 3 + pad 1): 3 places each, 2
    // of them input, so every output is 4/9.
    INDArray threes = Nd4j.ones(DataType.FLOAT, 1, 1, 3, 3);
    INDArray fours = Nd4j.ones(DataType.FLOAT, 1, 1, 4, 4);
    ExactPooling pooling = pooling(Method.AVERAGE, 3, 3, 2, 2, 1, 1);

    INDArray three = pooling.apply(threes);
    INDArray four = pooling.apply(fours);

    assertThat(three.data().asFloat())
        .containsExactly(new float[] {4f / 9, 4f / 9, 4f / 9, 4f / 9}, offset(1e-6f));
    // 4x4: (4 + 2 - 3) / 2 = 1.5 -> 3 windows; the third starts at 3, inside 4 + 1: kept.
    // Window 0: rows -1..1 (3, 2 real); window 1: 1..3 (3, all real); window 2: 3..min(6, 5)=4
    // (2 places, 1 real).
    assertThat(four.shape()).containsExactly(1, 1, 3, 3);
    float[] rows = {2f / 3, 1f, 1f / 2};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertThat(four.getFloat(0, 0, i, j)).isCloseTo(rows[i] * rows[j], offset(1e-6f));
      }
    }
  }

  @Test
  void globalPoolingTakesTheWholeInput() {
    INDArray x = random(3, 2, 4, 5, 7, -3, 3);

    INDArray average = ExactPooling.global(Method.AVERAGE).apply(x);
    INDArray max = ExactPooling.global(Method.MAX).apply(x);

    assertThat(average.shape()).containsExactly(2, 4, 1, 1);
    assertThat(average.getFloat(1, 2, 0, 0))
        .isCloseTo(x.get(point(1), point(2)).meanNumber().floatValue(), offset(1e-5f));
    assertThat(max.getFloat(0, 3, 0, 0))
        .isEqualTo(x.get(point(0), point(3)).maxNumber().floatValue());
  }

  @Test
  void dropsALastWindowWhollyPastTheInput() {
    // Stride 3 over a 1x1 kernel of 5 values: (5 - 1) / 3 = 1.33 -> 3 windows, the last at 6,
    // past the input: PyTorch drops it, leaving the windows at 0 and 3.
    INDArray x = random(5, 1, 1, 5, 5, -1, 1);

    INDArray y = pooling(Method.MAX, 1, 1, 3, 3, 0, 0).apply(x);

    assertThat(y.shape()).containsExactly(1, 1, 2, 2);
    assertThat(y.getFloat(0, 0, 1, 1)).isEqualTo(x.getFloat(0, 0, 3, 3));
  }

  @Test
  void unevenPaddingAndAnAverageOfTheInputValuesOnly() {
    // A 4x4 input of ones and twos, kernel 2, stride 2, padded 1 at the top and left only, rounded
    // down: (4 + 1 - 2) / 2 + 1 = 2 windows a side, starting at -1 and 1.
    INDArray x =
        Nd4j.create(
            new float[] {1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2},
            new long[] {1, 1, 4, 4},
            'c');
    int[] pads = {1, 1, 0, 0};
    ExactPooling inputOnly =
        new ExactPooling(
            Method.AVERAGE, new int[] {2, 2}, new int[] {2, 2}, pads, false, Divisor.INPUT_ONLY);
    ExactPooling padded =
        new ExactPooling(
            Method.AVERAGE, new int[] {2, 2}, new int[] {2, 2}, pads, false, Divisor.PADDED_WINDOW);

    INDArray averages = inputOnly.apply(x);
    INDArray withPadding = padded.apply(x);

    assertThat(averages.shape()).containsExactly(1, 1, 2, 2);
    // Window (0, 0) holds x[0][0] = 1 alone; (0, 1) holds x[0][1..2] = 2, 1; (1, 1) x[1..2][1..2].
    assertThat(averages.data().asFloat()).containsExactly(1f, 1.5f, 1f, 1.5f);
    // Counting the padding: (0, 0) is 1 / 4, (0, 1) is 3 / 4, (1, 0) is 2 / 4.
    assertThat(withPadding.data().asFloat()).containsExactly(0.25f, 0.75f, 0.5f, 1.5f);
  }

  @Test
  void runsInsideAGraphAsItDoesAlone() {
    INDArray x = random(11, 1, 2, 7, 7, -1, 1);
    ExactPooling pooling = pooling(Method.AVERAGE, 3, 3, 2, 2, 1, 1);
    var conf =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.FLOAT)
            .graphBuilder()
            .addInputs("in")
            .addLayer("pool", pooling, "in")
            .setOutputs("pool")
            .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();

    INDArray y = graph.outputSingle(false, x);

    assertThat(y).isEqualTo(pooling.apply(x));
    assertThat(y.shape()).containsExactly(1, 2, 4, 4);
  }
}
