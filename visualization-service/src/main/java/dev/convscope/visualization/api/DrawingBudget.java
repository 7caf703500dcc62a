package dev.convscope.visualization.api;

import dev.convscope.visualization.config.VisualizationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The bytes of tensor values this replica draws at once, over all calls. Tensors of one call are
 * drawn side by side (see {@link CallDrawings}); this keeps their memory within one setting however
 * many calls there are. A tensor larger than the whole budget waits until it has the budget to
 * itself.
 */
@ApplicationScoped
public class DrawingBudget {

  private static final long POLL_MILLIS = 100;

  private final long budgetKib;
  private final Semaphore kib;

  public DrawingBudget(VisualizationConfig config) {
    this.budgetKib = Math.max(1, Math.min(Integer.MAX_VALUE, config.drawingBudgetBytes() >> 10));
    this.kib = new Semaphore((int) budgetKib, true);
  }

  /** A share of the budget, given back once by {@link #release}. */
  public record Share(int kib) {}

  /**
   * Waits for {@code bytes} of the budget (at most all of it); empty when {@code abandoned} turns
   * true first, because the call ended while waiting.
   */
  public Optional<Share> acquire(long bytes, BooleanSupplier abandoned)
      throws InterruptedException {
    int wanted = (int) Math.max(1, Math.min(budgetKib, (bytes + 1023) >> 10));
    while (!kib.tryAcquire(wanted, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      if (abandoned.getAsBoolean()) {
        return Optional.empty();
      }
    }
    return Optional.of(new Share(wanted));
  }

  public void release(Share share) {
    kib.release(share.kib());
  }

  /** KiB of the budget free now, for tests and metrics. */
  public int availableKib() {
    return kib.availablePermits();
  }
}
