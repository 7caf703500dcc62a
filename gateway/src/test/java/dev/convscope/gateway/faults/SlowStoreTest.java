package dev.convscope.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.gateway.batch.FashionMnistFiles;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every request to the store held back 500 ms, and three times as many runs at once as the
 * visualization service draws: the runs it takes finish within their deadline, the rest are refused
 * at once with 429 and a Retry-After rather than queued, and a slot is free again afterwards.
 */
@QuarkusTest
@WithTestResource(
    value = ProxiedStoreServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class SlowStoreTest {

  private static final Duration STORE_DELAY = Duration.ofMillis(500);

  /** The gateway's deadline for a run (convscope.gateway.run-timeout). */
  private static final Duration RUN_DEADLINE = Duration.ofMinutes(2);

  /** Test-set images this test runs: none of them is run by another test of these services. */
  private static final int FIRST_IMAGE = 5000;

  private static final int AT_ONCE = 3 * ProxiedStoreServicesResource.VISUALIZATION_CALL_LIMIT;

  @TestHTTPResource("/")
  URI gateway;

  @AfterEach
  void storeBack() {
    ProxiedStoreServicesResource.proxy().reset();
  }

  @Test
  void runsPastTheBoundAreRefusedAtOnceAndTheRestFinish() throws Exception {
    List<byte[]> images = FashionMnistFiles.pngs(FIRST_IMAGE, FIRST_IMAGE + AT_ONCE + 2);
    RunCall warm = RunCall.post(gateway, 0, images.get(0));
    assertThat(warm.status()).as("%s", warm).isEqualTo(200);

    ProxiedStoreServicesResource.proxy().delayRequests(STORE_DELAY);
    List<RunCall> calls = atOnce(images.subList(1, 1 + AT_ONCE));

    List<RunCall> completed = calls.stream().filter(RunCall::completed).toList();
    List<RunCall> refused = calls.stream().filter(call -> call.status() == 429).toList();
    List<RunCall> failed = calls.stream().filter(call -> call.status() >= 500).toList();
    assertThat(calls)
        .allSatisfy(call -> assertThat(call.status()).as("%s", call).isIn(200, 429, 503, 504));
    assertThat(completed).as("runs the visualization service took").isNotEmpty();
    assertThat(completed)
        .allSatisfy(
            call ->
                assertThat(Duration.between(call.started(), call.ended()))
                    .as("%s", call)
                    .isLessThan(RUN_DEADLINE));
    // Every run taken holds its slot far longer (each picture crosses the slow store twice) than
    // the calls take to arrive, so no more than the bound can have been taken.
    assertThat(completed.size())
        .as(
            "runs taken, against a bound of %d",
            ProxiedStoreServicesResource.VISUALIZATION_CALL_LIMIT)
        .isLessThanOrEqualTo(ProxiedStoreServicesResource.VISUALIZATION_CALL_LIMIT);
    assertThat(refused).as("runs past the bound").isNotEmpty();
    assertThat(refused)
        .allSatisfy(
            call -> {
              assertThat(call.isProblemWithDetail()).as("%s", call).isTrue();
              assertThat(call.json().path("detail").asText())
                  .contains("convscope.visualization.max-concurrent-calls");
              assertThat(call.retryAfter()).as("Retry-After of %s", call).isPresent();
            });
    assertThat(failed)
        .allSatisfy(call -> assertThat(call.isProblemWithDetail()).as("%s", call).isTrue());
    Duration slowestRefusal =
        refused.stream()
            .map(call -> Duration.between(call.started(), call.ended()))
            .max(Comparator.naturalOrder())
            .orElseThrow();
    assertThat(slowestRefusal)
        .as("a refusal comes without waiting for a slot")
        .isLessThan(Duration.between(completed.get(0).started(), completed.get(0).ended()));

    // Every slot came back: one more run, still through the slow store, is taken and finishes.
    RunCall after = RunCall.post(gateway, AT_ONCE + 1, images.get(AT_ONCE + 1));
    assertThat(after.status()).as("%s", after).isEqualTo(200);

    BucketAudit.Figures audit = BucketAudit.run(ProxiedStoreServicesResource.storeClient());
    System.out.printf(
        "store slowed by %d ms a request: %d runs at once against a bound of %d: %d finished"
            + " (slowest %d ms, deadline %d s), %d refused with 429 (slowest refusal %d ms), %d"
            + " failed with 503/504; one run afterwards took %d ms; audit: %d manifests, %d"
            + " pictures named, %d PNGs decoded%n",
        STORE_DELAY.toMillis(),
        AT_ONCE,
        ProxiedStoreServicesResource.VISUALIZATION_CALL_LIMIT,
        completed.size(),
        completed.stream()
            .mapToLong(call -> Duration.between(call.started(), call.ended()).toMillis())
            .max()
            .orElseThrow(),
        RUN_DEADLINE.toSeconds(),
        refused.size(),
        slowestRefusal.toMillis(),
        failed.size(),
        Duration.between(after.started(), after.ended()).toMillis(),
        audit.manifests(),
        audit.picturesNamed(),
        audit.pngsDecoded());
  }

  /** Sends every image at the same moment, each from its own thread, and waits for all. */
  private List<RunCall> atOnce(List<byte[]> images) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(images.size());
    try {
      CountDownLatch ready = new CountDownLatch(images.size());
      List<Future<RunCall>> calls = new ArrayList<>();
      for (int i = 0; i < images.size(); i++) {
        int image = i + 1;
        byte[] png = images.get(i);
        calls.add(
            clients.submit(
                () -> {
                  ready.countDown();
                  ready.await();
                  return RunCall.post(gateway, image, png);
                }));
      }
      List<RunCall> done = new ArrayList<>();
      for (Future<RunCall> call : calls) {
        done.add(call.get(3, TimeUnit.MINUTES));
      }
      return done;
    } finally {
      clients.shutdownNow();
    }
  }
}
