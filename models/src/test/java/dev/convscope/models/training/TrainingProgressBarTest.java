package dev.convscope.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.models.evaluation.Accuracy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrainingProgressBarTest {

  final StringWriter text = new StringWriter();
  final AtomicLong clock = new AtomicLong();
  final TrainingProgressBar bar = new TrainingProgressBar(new PrintWriter(text), clock::get);

  @Test
  void redrawsOneLineInPlaceAndSkipsBatchesInQuickSuccession() {
    bar.batchDone(1, 2, 1, 200, 2.3456, 1234.4);
    clock.addAndGet(TrainingProgressBar.REDRAW_NANOS / 2);
    bar.batchDone(1, 2, 2, 200, 2.2, 1300);
    clock.addAndGet(TrainingProgressBar.REDRAW_NANOS);
    bar.batchDone(1, 2, 100, 200, 0.5, 1400);

    assertThat(text.toString())
        .isEqualTo(
            "\repoch 1/2  batch   1/200  loss 2.3456   1234 images/s  [>                             ]   0%"
                + "\repoch 1/2  batch 100/200  loss 0.5000   1400 images/s  [===============>              ]  50%");
    assertThat(text.toString()).doesNotContain("\n");
  }

  @Test
  void alwaysDrawsAnEpochsLastBatch() {
    bar.batchDone(1, 1, 1, 3, 1.0, 10);
    bar.batchDone(1, 1, 3, 3, 0.25, 10);

    assertThat(text.toString())
        .endsWith(
            "\repoch 1/1  batch 3/3  loss 0.2500     10 images/s  "
                + "[==============================] 100%");
  }

  @Test
  void endsAnEpochWithASummaryLineThatBlanksTheLongerBar() {
    bar.batchDone(1, 1, 1, 1, 1.0, 10);
    int barLength = text.toString().length() - 1;
    Accuracy accuracy = new Accuracy(new int[] {9, 8}, new int[] {10, 10});

    bar.epochDone(new EpochSummary(1, 1, 0.31234, accuracy, 600, Duration.ofSeconds(3)));

    String summary = text.toString().substring(barLength + 1);
    assertThat(summary)
        .startsWith("\repoch 1/1  loss 0.3123  test accuracy 85.00% (17/20)  3.0 s  200 images/s");
    assertThat(summary).endsWith(System.lineSeparator());
    assertThat(summary.strip().length()).isLessThan(barLength);
    assertThat(summary.length() - 1 - System.lineSeparator().length())
        .as("padded over the bar")
        .isEqualTo(barLength);
  }
}
