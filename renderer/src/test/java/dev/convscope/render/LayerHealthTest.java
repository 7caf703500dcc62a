package dev.convscope.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Layer health on crafted tensors whose dead, saturated and zero units are known. */
class LayerHealthTest {

  private static LayerHealth health(Tensor tensor, String type) {
    return LayerHealth.of(tensor, type, ChannelStatistics.of(tensor).maxima());
  }

  @Test
  void aRectifiedMapsChannelsThatNeverFireAreDead() {
    // Four 2x2 channels; channels 1 and 3 are all zero.
    float[] values = {0.5f, 0, 0, 2, 0, 0, 0, 0, 0, 0, 1e-6f, 0, -0.0f, 0, 0, 0};

    LayerHealth health = health(new Tensor(new int[] {4, 2, 2}, values), "ReLU");

    assertThat(health.deadChannels()).containsExactly(1, 3);
    assertThat(health.zeroCount()).isEqualTo(13);
    assertThat(health.saturatedCount()).isZero();
  }

  @Test
  void aDenseRectifiedVectorHasDeadUnitsOfItsOwn() {
    LayerHealth health = health(new Tensor(new int[] {5}, new float[] {0, 3, 0, 1, 0}), "Dense");

    assertThat(health.deadChannels()).containsExactly(0, 2, 4);
  }

  @Test
  void anOutputWithNegativeValuesIsNotRectifiedSoNothingIsCalledDead() {
    float[] values = {-1, -2, 0, 0, 3, 4, 0, 0};

    LayerHealth health = health(new Tensor(new int[] {2, 2, 2}, values), "Convolution");

    assertThat(health.deadChannels()).isEmpty();
    assertThat(health.zeroCount()).isEqualTo(4);
  }

  @Test
  void theInputAndSoftmaxOutputsAreNeverCalledDead() {
    Tensor black = new Tensor(new int[] {1, 2, 2}, new float[4]);
    Tensor probabilities = new Tensor(new int[] {3}, new float[] {0, 1, 0});

    assertThat(health(black, "Input").deadChannels()).isEmpty();
    assertThat(health(probabilities, "Softmax").deadChannels()).isEmpty();
  }

  @Test
  void sigmoidAndTanhValuesNearTheirBoundsAreSaturated() {
    float[] sigmoid = {0.0005f, 0.9995f, 0.5f, 0.998f, 0.0009f};
    float[] tanh = {-0.9995f, 0.9999f, 0f, -0.5f, -1f};

    assertThat(health(new Tensor(new int[] {5}, sigmoid), "Sigmoid").saturatedCount()).isEqualTo(3);
    assertThat(health(new Tensor(new int[] {5}, tanh), "TanH").saturatedCount()).isEqualTo(3);
    assertThat(health(new Tensor(new int[] {5}, sigmoid), "ReLU").saturatedCount()).isZero();
  }
}
