package dev.convscope.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.contract.options.ChannelSelection;
import dev.convscope.contract.options.RenderOptions;
import org.junit.jupiter.api.Test;

/** A tensor's drawing options: the request's options settled, and named in picture keys. */
class DrawingOptionsTest {

  @Test
  void drawingOptionsKeysCarryTheSelection() {
    DrawingOptions digits = DrawingOptions.digits();

    assertThat(digits.keyPart(false)).isEqualTo("jet-w600-norm");
    assertThat(digits.withChannels(ChannelSelection.first(36)).keyPart(false))
        .isNotEqualTo(digits.keyPart(false))
        .isNotEqualTo(digits.withChannels(ChannelSelection.indices(36)).keyPart(false))
        .startsWith("jet-w600-norm-");
    DrawingOptions rgb = digits.withChannelOrder(ChannelOrder.RGB);
    assertThat(rgb.keyPart(true)).as("colour data names its order").isEqualTo("jet-w600-norm-rgb");
    assertThat(rgb.keyPart(false)).as("maps do not depend on it").isEqualTo("jet-w600-norm");
  }

  @Test
  void softmaxOutputsAreDrawnAsTheyAreUnlessTheRequestSaysOtherwise() {
    assertThat(DrawingOptions.of(RenderOptions.defaults(), "Softmax", ChannelOrder.BGR).normalize())
        .isFalse();
    assertThat(DrawingOptions.of(RenderOptions.defaults(), "ReLU", ChannelOrder.BGR).normalize())
        .isTrue();
    assertThat(
            DrawingOptions.of(RenderOptions.of(null, null, true, null), "Softmax", ChannelOrder.BGR)
                .normalize())
        .isTrue();
  }
}
