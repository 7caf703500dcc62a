package dev.convscope.inference.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Visualize runs at {@code /q/metrics}: how many are working right now, and how many stopped early
 * because their caller went away (so a caller that disconnects can be seen to cost nothing more).
 */
@ApplicationScoped
public class RunMetrics {

  private final AtomicInteger active = new AtomicInteger();
  private final Counter cancelled;

  public RunMetrics(MeterRegistry registry) {
    Gauge.builder("convscope.inference.runs.active", active, AtomicInteger::get)
        .description("Visualize runs being computed or streamed right now")
        .register(registry);
    cancelled =
        Counter.builder("convscope.inference.runs.cancelled")
            .description("Visualize runs stopped because their caller went away")
            .register(registry);
  }

  /**
   * Runs {@code run}, counted as active while it works, and as cancelled when it stopped short
   * because {@code callerLeft} (a run that finished although its caller left is not).
   */
  void track(Runnable run, BooleanSupplier callerLeft) {
    active.incrementAndGet();
    boolean finished = false;
    try {
      run.run();
      finished = true;
    } finally {
      active.decrementAndGet();
      if (!finished && callerLeft.getAsBoolean()) {
        cancelled.increment();
      }
    }
  }
}
