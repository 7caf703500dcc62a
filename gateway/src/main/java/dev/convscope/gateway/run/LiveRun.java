package dev.convscope.gateway.run;

import dev.convscope.contract.options.RunOptions;
import dev.convscope.gateway.failure.ServiceFailed;
import dev.convscope.gateway.model.ModelSummary;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Queue;

/**
 * A run under way on the inference service: its events are passed on as they arrive, each layer's
 * pictures given URLs, while the manifest is gathered; when the last layer is in, the manifest is
 * written and the finished event follows. A run that fails or is closed early writes no manifest.
 */
final class LiveRun implements RunEvents {

  /** What the run was asked, settled: what its manifest records. */
  record Asked(String runId, String model, Optional<String> imageKey, RunOptions options) {}

  private final Asked asked;
  private final ModelSummary summary;
  private final InferenceRun upstream;
  private final Manifests manifests;
  private final PictureUrls urls;

  private final Queue<RunEvent> ready = new ArrayDeque<>();
  private final List<DrawnLayer> layers = new ArrayList<>();
  private RunStart start;
  private Predictions predictions = new Predictions(List.of(), Weights.UNSPECIFIED);
  private boolean finished;

  /**
   * Takes over a started call and reads its first event at once, so a run the inference service
   * refuses (a bad image, say) fails here, before anything has been answered.
   */
  LiveRun(
      Asked asked,
      ModelSummary summary,
      InferenceRun upstream,
      Manifests manifests,
      PictureUrls urls) {
    this.asked = asked;
    this.summary = summary;
    this.upstream = upstream;
    this.manifests = manifests;
    this.urls = urls;
    try {
      advance();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public boolean hasNext() {
    if (ready.isEmpty() && !finished) {
      advance();
    }
    return !ready.isEmpty();
  }

  @Override
  public RunEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the run has ended");
    }
    return ready.remove();
  }

  @Override
  public void close() {
    upstream.close();
  }

  /** Reads upstream until one event is ready, or the run is complete and its manifest stored. */
  private void advance() {
    while (ready.isEmpty() && !finished) {
      if (upstream.hasNext()) {
        translate(upstream.next());
      } else {
        finish();
      }
    }
  }

  private void translate(InferenceEvent event) {
    if (event instanceof RunStart started) {
      start = started;
      ready.add(new RunOpened(asked.runId(), started, false, Optional.of(summary)));
    } else if (event instanceof Predictions ranked) {
      predictions = ranked;
      ready.add(ranked);
    } else if (event instanceof DrawnLayer layer) {
      layers.add(layer.withoutUrls());
      ready.add(urls.withUrls(layer));
    }
  }

  /** Every object is stored once the stream ends well: now the manifest may name them. */
  private void finish() {
    if (start == null) {
      throw new ServiceFailed("the inference service ended the run without starting it");
    }
    String key =
        manifests.write(
            new RunManifest(
                asked.runId(),
                start,
                asked.model(),
                asked.imageKey(),
                asked.options(),
                predictions,
                layers,
                Instant.now().toString()));
    finished = true;
    ready.add(new RunFinished(asked.runId(), false, key, urls.urlOf(key)));
  }
}
