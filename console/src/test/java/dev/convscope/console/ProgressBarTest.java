package dev.convscope.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private final StringWriter text = new StringWriter();
  private final ProgressBar progress = new ProgressBar(new PrintWriter(text));

  @Test
  void drawsTheBarInPlaceAndBlanksWhatALongerLineLeft() {
    progress.show(5, 12, "conv2");
    progress.show("epoch 1/2  ", 12, 12, "");
    progress.redraw("done");
    progress.end();
    progress.end();

    assertThat(text.toString())
        .isEqualTo(
            "\r[============>                 ]  41%  5/12  conv2"
                + "\repoch 1/2  [==============================] 100%  "
                + "\rdone"
                + " ".repeat(44)
                + System.lineSeparator());
  }

  @Test
  void keepsTheBarWithinItsBounds() {
    assertThat(ProgressBar.bar(0, 4)).isEqualTo("[>                             ]   0%");
    assertThat(ProgressBar.bar(-3, 4)).isEqualTo(ProgressBar.bar(0, 4));
    assertThat(ProgressBar.bar(9, 4)).isEqualTo(ProgressBar.bar(4, 4));
    assertThat(ProgressBar.bar(0, 0)).isEqualTo("[==============================] 100%");
  }
}
