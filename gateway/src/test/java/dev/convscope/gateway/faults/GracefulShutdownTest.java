package dev.convscope.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.gateway.api.TestImages;
import dev.convscope.gateway.faults.ProcessRunOutcome.Kind;
import dev.convscope.localstore.ServiceProcess;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A visualization replica stopped with SIGTERM while runs stream through it and its twin: it
 * finishes the calls it has, the next ones go to its twin, and not one caller sees a failure.
 */
@QuarkusTest
@WithTestResource(
    value = ProcessNeighboursResource.class,
    scope = TestResourceScope.RESTRICTED_TO_CLASS)
class GracefulShutdownTest {

  private static final int RUNS = 60;

  @TestHTTPResource("/")
  URI gateway;

  @Test
  void aVisualizationReplicaStoppedMidStreamDrainsWithZeroFailedCalls() throws Exception {
    ServiceProcess stopped = NeighbourServicesResource.runningVisualization().get(0);
    List<ProcessRunOutcome> outcomes;
    long drainMillis;
    try (ProcessRuns runs = new ProcessRuns(gateway, "model=fashion-mnist", 6)) {
      runs.submit(RUNS, seed -> TestImages.grayNoisePng(1000 + seed));
      runs.awaitEnded(RUNS / 4);
      AtomicLong exitedAfter = new AtomicLong(-1);
      Thread terminate =
          new Thread(
              () -> {
                long start = System.nanoTime();
                stopped.close();
                exitedAfter.set(System.nanoTime() - start);
              },
              "sigterm");
      terminate.start();
      outcomes = runs.outcomes();
      terminate.join(TimeUnit.SECONDS.toMillis(60));
      drainMillis = TimeUnit.NANOSECONDS.toMillis(exitedAfter.get());
    }
    System.out.printf(
        "SIGTERM of a visualization replica mid-way through %d runs: %d complete; it exited"
            + " after %d ms%n",
        RUNS, outcomes.stream().filter(run -> run.kind() == Kind.COMPLETE).count(), drainMillis);

    assertThat(stopped.alive()).as("the replica exits once drained").isFalse();
    assertThat(NeighbourServicesResource.runningVisualization().get(1).alive()).isTrue();
    assertThat(outcomes)
        .as("every call, including those in flight at the SIGTERM")
        .allSatisfy(run -> assertThat(run.kind()).as("%s", run).isEqualTo(Kind.COMPLETE));
  }
}
