package dev.convscope.gateway.run;

import dev.convscope.api.gateway.v1.RunFinished;
import dev.convscope.api.gateway.v1.RunManifest;
import dev.convscope.api.gateway.v1.RunOpened;
import dev.convscope.api.gateway.v1.RunRequest;
import dev.convscope.api.gateway.v1.RunResponse;
import dev.convscope.api.v1.ModelSummary;
import dev.convscope.api.v1.VisualizeResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
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
  private final Iterator<VisualizeResponse> upstream;
  private final Context.CancellableContext call;
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
      Iterator<VisualizeResponse> upstream,
      Context.CancellableContext call,
      ManifestStore manifests,
      PictureUrls urls) {
    this.runId = runId;
    this.request = request;
    this.summary = summary;
    this.upstream = upstream;
    this.call = call;
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
    call.cancel(null);
  }

  /** Reads upstream until one event is ready, or the run is complete and its manifest stored. */
  private void advance() {
    while (ready.isEmpty() && !finished) {
      if (hasNextUpstream()) {
        translate(upstream.next());
      } else {
        finish();
      }
    }
  }

  /**
   * Whether the inference service sends more. A stream it breaks off (the process died, the
   * connection dropped) comes as grpc-java's bare words ("Network closed for unknown reason"); the
   * caller is told which neighbour failed.
   */
  private boolean hasNextUpstream() {
    try {
      return upstream.hasNext();
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      if (status.getCode() != Status.Code.UNAVAILABLE || status.getCause() != null) {
        throw e;
      }
      throw Status.UNAVAILABLE
          .withDescription("the run on the inference service broke off: " + status.getDescription())
          .asRuntimeException();
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
      throw Status.INTERNAL
          .withDescription("the inference service ended the run without starting it")
          .asRuntimeException();
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
