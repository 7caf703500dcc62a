package dev.convscope.gateway.batch;

import com.google.protobuf.ByteString;
import dev.convscope.api.gateway.v1.RunRequest;
import dev.convscope.api.gateway.v1.RunResponse;
import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.RenderOptions;
import dev.convscope.api.v1.TensorKind;
import dev.convscope.api.v1.TensorStatistics;
import dev.convscope.gateway.batch.JobAggregate.ItemOutcome;
import dev.convscope.gateway.run.RunEvents;
import dev.convscope.gateway.run.Runner;
import dev.convscope.store.StoreUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * Runs one shard of a job: each item through the model, its outcome added to the shard's tally, the
 * tally stored every few items. Started again, it carries on after the last stored item; each
 * item's run is content addressed, so one run twice costs a manifest read and stores nothing new.
 * When the store or a service is down it waits and retries with backoff, up to a set time.
 */
public final class ShardRunner {

  private static final Logger LOG = Logger.getLogger(ShardRunner.class);

  /** Items between stored states: a restart repeats at most this many runs. */
  static final int CHECKPOINT_ITEMS = 20;

  private final Runner runner;
  private final JobStore jobs;
  private final Duration outageLimit;

  public ShardRunner(Runner runner, JobStore jobs, Duration outageLimit) {
    this.runner = runner;
    this.jobs = jobs;
    this.outageLimit = outageLimit;
  }

  /**
   * Runs shard {@code index} of the job to its end (or until the job is cancelled), reporting each
   * item counted to {@code progress}; answers the shard's final state.
   */
  public ShardState run(JobSpec spec, Dataset dataset, int index, IntConsumer progress) {
    if (index < 0 || index >= spec.shardCount()) {
      throw new IllegalArgumentException(
          "job " + spec.jobId() + " has shards 0.." + (spec.shardCount() - 1) + ", not " + index);
    }
    ShardState state = jobs.shard(spec.jobId(), index).orElse(ShardState.fresh(index));
    if (state.finished()) {
      return state;
    }
    JobAggregate tally = state.tally();
    int done = state.done();
    int classes = spec.classLabels().size();
    for (int item = spec.shardStart(index) + done; item < spec.shardEnd(index); item++) {
      if (done % CHECKPOINT_ITEMS == 0 && jobs.cancelled(spec.jobId())) {
        return save(spec, new ShardState(index, done, false, "cancelled", now(), tally));
      }
      DatasetItem image;
      try {
        image = dataset.item(item);
      } catch (RuntimeException e) {
        tally.fail(item, "item " + item, "could not be read: " + e.getMessage());
        done++;
        progress.accept(item);
        continue;
      }
      try {
        tally.add(runWithRetries(spec, item, image), classes, spec.topN());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
          // The outage outlasted the limit: stop here; a rerun carries on from the last state.
          String reason = "gave up after " + outageLimit + " of outage: " + describe(e);
          return save(spec, new ShardState(index, done, false, reason, now(), tally));
        }
        tally.fail(item, image.name(), describe(e));
      }
      done++;
      progress.accept(item);
      if (done % CHECKPOINT_ITEMS == 0) {
        save(spec, new ShardState(index, done, false, null, now(), tally));
      }
    }
    return save(spec, new ShardState(index, done, true, null, now(), tally));
  }

  private ItemOutcome runWithRetries(JobSpec spec, int item, DatasetItem image) {
    Instant giveUp = Instant.now().plus(outageLimit);
    Duration wait = Duration.ofMillis(250);
    while (true) {
      try {
        return runOnce(spec, item, image);
      } catch (StoreUnavailableException e) {
        if (Instant.now().isAfter(giveUp)) {
          throw Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
        }
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || Instant.now().isAfter(giveUp)) {
          throw e;
        }
      }
      LOG.debugf("job %s item %d: a neighbour is down, retrying in %s", spec.jobId(), item, wait);
      sleep(wait);
      wait =
          wait.multipliedBy(2).compareTo(Duration.ofSeconds(8)) > 0
              ? Duration.ofSeconds(8)
              : wait.multipliedBy(2);
    }
  }

  private ItemOutcome runOnce(JobSpec spec, int item, DatasetItem image) {
    RunRequest request =
        RunRequest.newBuilder()
            .setModel(spec.model())
            .setImageBytes(ByteString.copyFrom(image.png()))
            .setTopK(1)
            .setOptions(
                RenderOptions.newBuilder()
                    .setColormap(spec.colormap())
                    .setMaxWidth(spec.maxWidth()))
            .setSkipWeights(true)
            .build();
    String runId = null;
    int predicted = -1;
    Map<String, float[]> maxima = new LinkedHashMap<>();
    Map<String, float[]> means = new LinkedHashMap<>();
    try (RunEvents events = runner.open(request)) {
      while (events.hasNext()) {
        RunResponse event = events.next();
        switch (event.getEventCase()) {
          case OPENED -> {
            runId = event.getOpened().getRunId();
            String digest = event.getOpened().getRun().getModelDigest();
            if (!digest.equals(spec.modelDigest())) {
              throw Status.FAILED_PRECONDITION
                  .withDescription("the model '" + spec.model() + "' changed since the job started")
                  .asRuntimeException();
            }
          }
          case PREDICTIONS -> {
            if (event.getPredictions().getPredictionsCount() > 0) {
              predicted = event.getPredictions().getPredictions(0).getClassIndex();
            }
          }
          case LAYER -> {
            LayerResult layer = event.getLayer();
            if (layer.getKind() == TensorKind.TENSOR_KIND_ACTIVATION && !isInput(layer)) {
              TensorStatistics statistics = layer.getStatistics();
              maxima.put(layer.getName(), floats(statistics.getChannelMaximaList()));
              means.put(layer.getName(), floats(statistics.getChannelMeansList()));
            }
          }
          default -> {
            // Finished, or an event this gateway does not know.
          }
        }
      }
    }
    return new ItemOutcome(item, image.label(), predicted, runId, maxima, means);
  }

  /** The input blob shows the image, not what the network made of it. */
  private static boolean isInput(LayerResult layer) {
    return layer.getLayerType().equalsIgnoreCase("Input") || layer.getName().equals("data");
  }

  private ShardState save(JobSpec spec, ShardState state) {
    jobs.writeShard(spec.jobId(), state);
    return state;
  }

  private static float[] floats(java.util.List<Float> values) {
    float[] array = new float[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i);
    }
    return array;
  }

  private static String describe(StatusRuntimeException e) {
    return e.getStatus().getCode() + ": " + e.getStatus().getDescription();
  }

  private static String now() {
    return Instant.now().toString();
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
    }
  }
}
