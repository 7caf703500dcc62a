package dev.convscope.gateway.batch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shards running in this gateway now, counted by job, so that cancelling a job can wait until
 * they have stopped.
 */
final class WorkingShards {

  private final Map<String, Integer> running = new HashMap<>();

  synchronized void started(String jobId) {
    running.merge(jobId, 1, Integer::sum);
  }

  synchronized void stopped(String jobId) {
    running.computeIfPresent(jobId, (id, count) -> count == 1 ? null : count - 1);
    notifyAll();
  }

  /**
   * Waits until no shard of the job runs here, for at most {@code timeout}.
   *
   * @return false when one still runs
   */
  synchronized boolean awaitStopped(String jobId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (running.containsKey(jobId)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }
}
