package dev.convscope.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.contract.options.RunOptions;
import dev.convscope.gateway.batch.FashionMnistFiles;
import dev.convscope.gateway.run.RunIds;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store goes away for 30 s in the middle of a steady run of distinct images: every call either
 * completes or fails cleanly (503 with Retry-After, or 504), a retry of each failed image completes
 * once the store is back, and the bucket holds no manifest of a failed run and none that names a
 * missing or wrongly sized object.
 */
@QuarkusTest
@WithTestResource(
    value = ProxiedStoreServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class StoreDownMidRunTest {

  private static final Duration OUTAGE = Duration.ofSeconds(30);

  /** A new image is sent this often, or as soon as the previous answer comes when that is later. */
  private static final Duration CADENCE = Duration.ofMillis(500);

  /** Test-set images this test runs: none of them is run by another test of these services. */
  private static final int FIRST_IMAGE = 0;

  private static final int IMAGES = 400;

  @TestHTTPResource("/")
  URI gateway;

  @AfterEach
  void storeBack() {
    ProxiedStoreServicesResource.proxy().reset();
  }

  @Test
  void callsDuringAnOutageFailCleanlyAndTheirRetriesComplete() throws Exception {
    List<byte[]> images = FashionMnistFiles.pngs(FIRST_IMAGE, FIRST_IMAGE + IMAGES);
    // The model loaded and its weights drawn before the clock starts; its answer also checks how
    // this test names a run.
    RunCall warm = RunCall.post(gateway, 0, images.get(0));
    assertThat(warm.status()).as("%s", warm).isEqualTo(200);
    String modelDigest = warm.json().path("model_digest").asText();
    assertThat(runIdOf(modelDigest, images.get(0))).isEqualTo(warm.json().path("run_id").asText());

    List<RunCall> calls = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread client =
        new Thread(
            () -> {
              Instant next = Instant.now();
              for (int image = 1; image < IMAGES && !stop.get(); image++) {
                calls.add(RunCall.post(gateway, image, images.get(image)));
                next = next.plus(CADENCE);
                pauseUntil(next);
              }
            },
            "steady-client");
    client.start();

    awaitCalls(calls, RunCall::completed, 5, Instant.MIN);
    Instant cut = Instant.now();
    ProxiedStoreServicesResource.proxy().cut();
    Thread.sleep(OUTAGE.toMillis()); // the outage itself, not a wait for a result
    ProxiedStoreServicesResource.proxy().restore();
    Instant restored = Instant.now();
    RunCall firstBack = awaitCalls(calls, RunCall::completed, 3, restored).get(0);
    stop.set(true);
    client.join(Duration.ofMinutes(3).toMillis());
    assertThat(client.isAlive()).as("the client has stopped").isFalse();

    List<RunCall> completed = calls.stream().filter(RunCall::completed).toList();
    List<RunCall> unavailable = calls.stream().filter(call -> call.status() == 503).toList();
    List<RunCall> timedOut = calls.stream().filter(call -> call.status() == 504).toList();
    assertThat(calls)
        .as("every call completed, or failed with 503 or 504")
        .allSatisfy(call -> assertThat(call.status()).as("%s", call).isIn(200, 503, 504));
    assertThat(unavailable).as("calls during the outage").isNotEmpty();
    assertThat(unavailable)
        .allSatisfy(
            call -> {
              assertThat(call.retryAfter()).as("Retry-After of %s", call).isPresent();
              assertThat(call.isProblemWithDetail()).as("%s", call).isTrue();
            });
    assertThat(timedOut)
        .allSatisfy(call -> assertThat(call.isProblemWithDetail()).as("%s", call).isTrue());

    // A failed run left no manifest; retried now that the store is back, each completes.
    List<RunCall> failed = calls.stream().filter(call -> !call.completed()).toList();
    for (RunCall call : failed) {
      assertThat(
              BucketAudit.hasManifest(
                  ProxiedStoreServicesResource.storeClient(),
                  runIdOf(modelDigest, images.get(call.image()))))
          .as("a manifest for the failed run of image %d", call.image())
          .isFalse();
    }
    Instant retriesStarted = Instant.now();
    List<RunCall> retries = retry(failed, images);
    assertThat(retries).allSatisfy(call -> assertThat(call.status()).as("%s", call).isEqualTo(200));
    Duration retrying = Duration.between(retriesStarted, Instant.now());

    BucketAudit.Figures audit = BucketAudit.run(ProxiedStoreServicesResource.storeClient());
    assertThat(audit.manifests()).isGreaterThanOrEqualTo(1 + completed.size() + retries.size());

    System.out.printf(
        "store down %d s mid-run: %d calls (one every %d ms), %d completed, %d failed with 503"
            + " + Retry-After, %d with 504, 0 other; first call ending 200 came %d ms after the"
            + " store was back (started %d ms after it); %d retries completed in %d ms; audit:"
            + " %d manifests naming %d pictures, all present with their sizes, %d PNGs decoded%n",
        Duration.between(cut, restored).toSeconds(),
        calls.size(),
        CADENCE.toMillis(),
        completed.size(),
        unavailable.size(),
        timedOut.size(),
        Duration.between(restored, firstBack.ended()).toMillis(),
        Duration.between(restored, firstBack.started()).toMillis(),
        retries.size(),
        retrying.toMillis(),
        audit.manifests(),
        audit.picturesNamed(),
        audit.pngsDecoded());
  }

  /** Runs the failed images again, two at a time (below the visualization service's bound). */
  private List<RunCall> retry(List<RunCall> failed, List<byte[]> images) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<RunCall>> retries = new ArrayList<>();
      for (RunCall call : failed) {
        retries.add(
            pool.submit(() -> RunCall.post(gateway, call.image(), images.get(call.image()))));
      }
      List<RunCall> done = new ArrayList<>();
      for (Future<RunCall> retry : retries) {
        done.add(retry.get());
      }
      return done;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The id the gateway gives a run of {@code png} through the model, with default options. */
  private static String runIdOf(String modelDigest, byte[] png) {
    return RunIds.of(modelDigest, Sha256.hex(png), RunOptions.defaults().forModel(10));
  }

  /** Waits until {@code count} calls started after {@code since} match, and answers them. */
  private static List<RunCall> awaitCalls(
      List<RunCall> calls, Predicate<RunCall> matching, int count, Instant since)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (true) {
      List<RunCall> matched =
          calls.stream().filter(call -> !call.started().isBefore(since)).filter(matching).toList();
      if (matched.size() >= count) {
        return matched;
      }
      assertThat(Instant.now())
          .as("%d calls completed after %s; so far %s", count, since, calls)
          .isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static void pauseUntil(Instant next) {
    long millis = Duration.between(Instant.now(), next).toMillis();
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
