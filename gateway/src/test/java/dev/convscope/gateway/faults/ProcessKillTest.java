package dev.convscope.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.gateway.api.TestImages;
import dev.convscope.gateway.faults.ProcessRunOutcome.Kind;
import dev.convscope.store.ObjectStore;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A visualization replica killed (SIGKILL) while many runs stream through it and its twin: every
 * caller gets a complete answer or a 503 naming what failed, never a 500 or a hang; runs after the
 * kill go to the twin; and nothing half-written is stored or named.
 */
@QuarkusTest
@WithTestResource(
    value = ProcessNeighboursResource.class,
    scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ProcessKillTest {

  private static final int RUNS = 60;
  private static final int AFTER_THE_KILL = 10;

  @TestHTTPResource("/")
  URI gateway;

  @Inject ObjectStore store;

  @Test
  void aVisualizationReplicaKilledMidStreamGivesCompleteAnswersOrClearErrors() throws Exception {
    List<ProcessRunOutcome> outcomes;
    int layersOfARun;
    try (ProcessRuns runs = new ProcessRuns(gateway, "model=fashion-mnist", 6)) {
      ProcessRunOutcome first = runs.run(TestImages.grayNoisePng(-1), true);
      assertThat(first.kind()).as("a run before any fault: %s", first).isEqualTo(Kind.COMPLETE);
      layersOfARun = first.layers();

      runs.submit(RUNS, TestImages::grayNoisePng);
      runs.awaitEnded(RUNS / 4);
      long endedBefore = runs.ended();
      NeighbourServicesResource.runningVisualization().get(0).kill();
      assertThat(runs.ended()).as("runs still under way at the kill").isLessThan(RUNS);
      assertThat(NeighbourServicesResource.runningVisualization().get(1).alive()).isTrue();
      outcomes = runs.outcomes();
      System.out.printf(
          "SIGKILL of a visualization replica after %d of %d runs ended: %s%n",
          endedBefore,
          RUNS,
          outcomes.stream()
              .collect(Collectors.groupingBy(ProcessRunOutcome::kind, Collectors.counting())));
    }

    Map<Kind, List<ProcessRunOutcome>> byKind =
        outcomes.stream().collect(Collectors.groupingBy(ProcessRunOutcome::kind));
    byKind.getOrDefault(Kind.UNAVAILABLE, List.of()).stream()
        .map(ProcessRunOutcome::detail)
        .distinct()
        .forEach(detail -> System.out.println("503: " + detail));
    assertThat(byKind.getOrDefault(Kind.OTHER, List.of())).as("neither complete nor 503").isEmpty();
    assertThat(byKind.get(Kind.COMPLETE))
        .allSatisfy(run -> assertThat(run.layers()).isEqualTo(layersOfARun));
    assertThat(byKind.getOrDefault(Kind.UNAVAILABLE, List.of()))
        .allSatisfy(run -> assertThat(run.detail()).contains("visualization service"));
    // The last runs began long after the kill: the surviving replica answered them all.
    assertThat(outcomes.subList(RUNS - AFTER_THE_KILL, RUNS))
        .allSatisfy(run -> assertThat(run.kind()).isEqualTo(Kind.COMPLETE));

    int pictures = ProcessStoredObjects.assertIntact(store);
    System.out.printf("%d stored pictures decoded, every manifest's objects present%n", pictures);
  }
}
