package dev.convscope.visualization.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What partly assembled tensors cost, at {@code /q/metrics}: the bytes of values held for tensors
 * whose chunks are still arriving, and how many calls their clients cancelled. A cancelled call
 * gives its tensor back at once, so the gauge falls to zero when nothing is being received.
 */
@ApplicationScoped
public class AssemblyMetrics {

  private final AtomicLong heldBytes = new AtomicLong();
  private final Counter cancelledCalls;

  public AssemblyMetrics(MeterRegistry registry) {
    Gauge.builder("convscope.visualization.assembling.bytes", heldBytes, AtomicLong::get)
        .description("Bytes of values held for tensors whose chunks are still arriving")
        .baseUnit("bytes")
        .register(registry);
    cancelledCalls =
        Counter.builder("convscope.visualization.calls.cancelled")
            .description("RenderTensors calls that their clients cancelled")
            .register(registry);
  }

  void hold(long bytes) {
    heldBytes.addAndGet(bytes);
  }

  void release(long bytes) {
    heldBytes.addAndGet(-bytes);
  }

  void cancelled() {
    cancelledCalls.increment();
  }
}
