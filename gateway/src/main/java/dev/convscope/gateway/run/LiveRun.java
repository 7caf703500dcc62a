package dev.convscope.gateway.run;

import dev.convscope.api.gateway.v1.RunFinished;
import dev.convscope.api.gateway.v1.RunManifest;
import dev.convscope.api.gateway.v1.RunOpened;
import dev.convscope.api.gateway.v1.RunRequest;
import dev.convscope.api.gateway.v1.RunResponse;
import dev.convscope.api.v1.ModelSummary;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.gateway.failure.ServiceFailed;
import dev.convscope.gateway.inference.VisualizeCall;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.Queue;

/**
 * A run under way on the inference service: its events are passed on as they arrive, each layer's
 * pictures given URLs, while the manifest is gathered; when the last layer is in, the manifest is
 * written and the finished event follows. A run that fails or is closed early writes no manifest.
 */
final class LiveRun implements RunEvents {

  private final String runId;
  private final RunRequest request;
  private final ModelSummary summary;
  private final VisualizeCall upstream;
  private final ManifestStore manifests;
  private final PictureUrls urls;

  private final RunManifest.Builder manifest = RunManifest.newBuilder();
  private final Queue<RunResponse> ready = new ArrayDeque<>();
  private boolean finished;

  /**
   * Takes over a started call and reads its first event at once, so a run the inference service
   * refuses (a bad image, say) fails here, before anything has been answered.
   */
  LiveRun(
      String runId,
      RunRequest request,
      ModelSummary summary,
      VisualizeCall upstream,
      ManifestStore manifests,
      PictureUrls urls) {
    this.runId = runId;
    this.request = request;
    this.summary = summary;
    this.upstream = upstream;
    this.manifests = manifests;
    this.urls = urls;
    manifest.setRunId(runId).setRequest(request.toBuilder().clearImageBytes());
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
  public RunResponse next() {
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

  private void translate(VisualizeResponse event) {
    switch (event.getEventCase()) {
      case STARTED -> {
        manifest.setRun(event.getStarted());
        ready.add(
            RunResponse.newBuilder()
                .setOpened(
                    RunOpened.newBuilder()
                        .setRunId(runId)
                        .setRun(event.getStarted())
                        .setModelSummary(summary))
                .build());
      }
      case PREDICTIONS -> {
        manifest.setPredictions(event.getPredictions());
        ready.add(RunResponse.newBuilder().setPredictions(event.getPredictions()).build());
      }
      case LAYER -> {
        manifest.addLayers(PictureUrls.withoutUrls(event.getLayer()));
        ready.add(RunResponse.newBuilder().setLayer(urls.withUrls(event.getLayer())).build());
      }
      case EVENT_NOT_SET -> {
        // A newer inference service's event this gateway does not know: not part of the run.
      }
    }
  }

  /** Every object is stored once the stream ends well: now the manifest may name them. */
  private void finish() {
    if (!manifest.hasRun()) {
      throw new ServiceFailed("the inference service ended the run without starting it");
    }
    manifest.setCreatedAt(Instant.now().toString());
    String key = manifests.write(manifest.build());
    finished = true;
    ready.add(
        RunResponse.newBuilder()
            .setFinished(
                RunFinished.newBuilder()
                    .setRunId(runId)
                    .setManifestKey(key)
                    .setManifestUrl(urls.urlOf(key)))
            .build());
  }
}
