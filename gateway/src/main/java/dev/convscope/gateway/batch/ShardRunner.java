package dev.convscope.gateway.batch;

import dev.convscope.contract.options.RenderOptions;
import dev.convscope.contract.options.RunOptions;
import dev.convscope.gateway.batch.JobAggregate.ItemOutcome;
import dev.convscope.gateway.failure.GatewayFailure;
import dev.convscope.gateway.failure.Misconfigured;
import dev.convscope.gateway.failure.Unavailable;
import dev.convscope.gateway.failure.Unsuitable;
import dev.convscope.gateway.run.DrawnLayer;
import dev.convscope.gateway.run.ImageRunRequest;
import dev.convscope.gateway.run.ImageSource;
import dev.convscope.gateway.run.Predictions;
import dev.convscope.gateway.run.RunEvent;
import dev.convscope.gateway.run.RunEvents;
import dev.convscope.gateway.run.RunOpened;
import dev.convscope.gateway.run.Runner;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Runs one shard of a job: each item through the model, its outcome added to the shard's tally, the
 * tally stored every few items. Started again, it carries on after the last stored item; each
 * item's run is content addressed, so one run twice costs a manifest read and stores nothing new.
 * When the store or a service is down ({@link Unavailable}) it waits and retries with backoff, up
 * to a set time. A store or service that is set up wrongly ({@link Misconfigured}) is not waited
 * for: the shard stops at once, since no retry can succeed.
 */
public final class ShardRunner {

  /** Items between stored states: a restart repeats at most this many runs. */
  static final int CHECKPOINT_ITEMS = 20;

  private static final Duration FIRST_WAIT = Duration.ofMillis(250);
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(8);

  private final Runner runner;
  private final JobStore jobs;
  private final Duration outageLimit;
  private final Consumer<String> notices;

  /**
   * @param notices told when an outage begins and when the shard gives up on one: a shard pod's
   *     output, or the gateway's log
   */
  public ShardRunner(Runner runner, JobStore jobs, Duration outageLimit, Consumer<String> notices) {
    this.runner = runner;
    this.jobs = jobs;
    this.outageLimit = outageLimit;
    this.notices = notices;
  }

  /**
   * Runs shard {@code index} of the job to its end (or until the job is cancelled: its marker is
   * read before each image, so a cancelled shard starts no image after that), reporting each item
   * counted to {@code progress}; answers the shard's final state. When an outage outlasts the limit
   * the shard stops, and its state says why once the store takes it.
   *
   * @throws Unavailable when the store stays down so long that not even the shard's failure can be
   *     recorded; a rerun carries on from the last stored state
   * @throws Misconfigured at once, untried again, when the store or a service is set up wrongly
   */
  public ShardState run(JobSpec spec, Dataset dataset, int index, IntConsumer progress) {
    if (index < 0 || index >= spec.shardCount()) {
      throw new IllegalArgumentException(
          "job " + spec.jobId() + " has shards 0.." + (spec.shardCount() - 1) + ", not " + index);
    }
    String job = spec.jobId();
    ShardState state =
        unlessOutageOutlasts(
            job, () -> jobs.shard(job, index).orElse(ShardState.fresh(index)), "read its state");
    if (state.finished()) {
      return state;
    }
    JobAggregate tally = state.tally();
    int done = state.done();
    if (state.failure() != null) {
      // A rerun of a shard that gave up: it runs again, so the job is no longer failed.
      ShardState running = new ShardState(index, done, false, null, now(), tally);
      unlessOutageOutlasts(job, () -> save(spec, running), "clear its failure");
    }
    try {
      return runItems(spec, dataset, index, done, tally, progress);
    } catch (OutageOutlasted e) {
      // Counted items and tally in the stored state still agree: an item is counted only after
      // its run succeeded, and this state is the last one the loop saved or would have saved.
      ShardState failed = new ShardState(index, e.done, false, e.getMessage(), now(), e.tally);
      notices.accept(
          e.getMessage()
              + "; recording that once the store answers (a rerun carries on after "
              + e.done
              + " images)");
      return unlessOutageOutlasts(job, () -> save(spec, failed), "record why it stopped");
    }
  }

  private ShardState runItems(
      JobSpec spec,
      Dataset dataset,
      int index,
      int alreadyDone,
      JobAggregate tally,
      IntConsumer progress) {
    int classes = spec.classLabels().size();
    int done = alreadyDone;
    for (int item = spec.shardStart(index) + done; item < spec.shardEnd(index); item++) {
      int at = item;
      int counted = done;
      if (patiently(() -> jobs.cancelled(spec.jobId()), counted, tally)) {
        ShardState cancelled = new ShardState(index, done, false, "cancelled", now(), tally);
        return patiently(() -> save(spec, cancelled), counted, tally);
      }
      DatasetItem image;
      try {
        image = patiently(() -> dataset.item(at), counted, tally);
      } catch (OutageOutlasted | Misconfigured e) {
        throw e;
      } catch (RuntimeException e) {
        tally.fail(item, "item " + item, "could not be read: " + e.getMessage());
        done++;
        progress.accept(item);
        continue;
      }
      try {
        tally.add(patiently(() -> runOnce(spec, at, image), counted, tally), classes, spec.topN());
      } catch (Misconfigured e) {
        throw e; // not this image's fault: every other image would fail the same way
      } catch (GatewayFailure e) {
        tally.fail(item, image.name(), e.getMessage());
      }
      done++;
      progress.accept(item);
      if (done % CHECKPOINT_ITEMS == 0) {
        ShardState checkpoint = new ShardState(index, done, false, null, now(), tally);
        patiently(() -> save(spec, checkpoint), done, tally);
      }
    }
    ShardState finished = new ShardState(index, done, true, null, now(), tally);
    return patiently(() -> save(spec, finished), done, tally);
  }

  /**
   * Calls {@code call}, waiting out with backoff a store or service that does not answer; once the
   * outage outlasts the limit, gives up with {@link OutageOutlasted}, which carries the shard's
   * progress ({@code done}, {@code tally}) for its failure record. Only outages are waited out:
   * every other failure, a misconfiguration above all, is passed on at once.
   */
  private <T> T patiently(Supplier<T> call, int done, JobAggregate tally) {
    Instant giveUp = null; // the outage is timed from its first failed call, not the call's start
    Duration wait = FIRST_WAIT;
    while (true) {
      String outage;
      try {
        return call.get();
      } catch (Unavailable e) {
        outage = e.getMessage();
      }
      if (giveUp == null) {
        giveUp = Instant.now().plus(outageLimit);
      }
      Duration left = Duration.between(Instant.now(), giveUp);
      if (left.isNegative() || left.isZero()) {
        throw new OutageOutlasted(
            "gave up after an outage longer than " + outageLimit + ": " + outage, done, tally);
      }
      if (wait.equals(FIRST_WAIT)) {
        notices.accept(outage + "; retrying with backoff for up to " + outageLimit);
      }
      // The last try falls on the limit, so a shard gives up when it said it would.
      sleep(wait.compareTo(left) < 0 ? wait : left);
      wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
    }
  }

  /** As {@link #patiently}, for a call whose outage cannot be recorded in the store it needs. */
  private <T> T unlessOutageOutlasts(String job, Supplier<T> call, String what) {
    try {
      return patiently(call, 0, null);
    } catch (OutageOutlasted e) {
      throw new Unavailable(
          "job " + job + ": the shard could not " + what + "; it " + e.getMessage(), e);
    }
  }

  private ItemOutcome runOnce(JobSpec spec, int item, DatasetItem image) {
    RunOptions options =
        RunOptions.of(
            1, RenderOptions.of(spec.colormap(), spec.maxWidth(), null, null), List.of(), true);
    ImageRunRequest request =
        new ImageRunRequest(spec.model(), new ImageSource.Sent(image.png()), options);
    String runId = null;
    int predicted = -1;
    Map<String, float[]> maxima = new LinkedHashMap<>();
    Map<String, float[]> means = new LinkedHashMap<>();
    try (RunEvents events = runner.open(request)) {
      while (events.hasNext()) {
        RunEvent event = events.next();
        if (event instanceof RunOpened opened) {
          runId = opened.runId();
          if (!opened.run().modelDigest().equals(spec.modelDigest())) {
            throw new Unsuitable("the model '" + spec.model() + "' changed since the job started");
          }
        } else if (event instanceof Predictions ranked) {
          predicted = ranked.top();
        } else if (event instanceof DrawnLayer layer && layer.isHiddenActivation()) {
          maxima.put(layer.name(), floats(layer.statistics().channelMaxima()));
          means.put(layer.name(), floats(layer.statistics().channelMeans()));
        }
      }
    }
    return new ItemOutcome(item, image.label(), predicted, runId, maxima, means);
  }

  private ShardState save(JobSpec spec, ShardState state) {
    jobs.writeShard(spec.jobId(), state);
    return state;
  }

  private static float[] floats(List<Float> values) {
    float[] array = new float[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i);
    }
    return array;
  }

  private static String now() {
    return Instant.now().toString();
  }

  /** An outage that outlasted the limit, and how far the shard had come when it began. */
  private static final class OutageOutlasted extends RuntimeException {

    final int done;
    final JobAggregate tally;

    OutageOutlasted(String reason, int done, JobAggregate tally) {
      super(reason);
      this.done = done;
      this.tally = tally;
    }
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting out an outage");
    }
  }
}
