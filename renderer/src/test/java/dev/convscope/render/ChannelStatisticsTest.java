package dev.convscope.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelStatisticsTest {

  @Test
  void eachChannelOfAMapStackHasItsMeanAndMaximum() {
    Tensor tensor =
        new Tensor(new int[] {2, 2, 2}, new float[] {1, 2, 3, 6, /* channel 1 */ -4, -2, -1, -1});
    ChannelStatistics statistics = ChannelStatistics.of(tensor);
    assertThat(statistics.means()).containsExactly(3f, -2f);
    assertThat(statistics.maxima()).containsExactly(6f, -1f);
  }

  @Test
  void everyValueOfAVectorIsAChannel() {
    ChannelStatistics statistics =
        ChannelStatistics.of(new Tensor(new int[] {3}, new float[] {0.5f, -1f, 7f}));
    assertThat(statistics.means()).containsExactly(0.5f, -1f, 7f);
    assertThat(statistics.maxima()).containsExactly(0.5f, -1f, 7f);
  }

  @Test
  void valuesThatAreNotFiniteAreLeftOut() {
    Tensor tensor =
        new Tensor(
            new int[] {2, 2},
            new float[] {Float.NaN, 4f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
    ChannelStatistics statistics = ChannelStatistics.of(tensor);
    assertThat(statistics.means()).containsExactly(4f, 0f);
    assertThat(statistics.maxima()).containsExactly(4f, 0f);
  }
}
