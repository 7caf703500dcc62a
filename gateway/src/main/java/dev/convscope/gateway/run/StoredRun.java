package dev.convscope.gateway.run;

import dev.convscope.api.gateway.v1.RunFinished;
import dev.convscope.api.gateway.v1.RunManifest;
import dev.convscope.api.gateway.v1.RunOpened;
import dev.convscope.api.gateway.v1.RunResponse;
import dev.convscope.api.v1.ModelSummary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A repeat answered from the run's manifest: the same events, without running the network. */
final class StoredRun implements RunEvents {

  private final Iterator<RunResponse> events;

  StoredRun(RunManifest manifest, ModelSummary summary, PictureUrls urls) {
    List<RunResponse> replay = new ArrayList<>();
    replay.add(
        RunResponse.newBuilder()
            .setOpened(
                RunOpened.newBuilder()
                    .setRunId(manifest.getRunId())
                    .setRun(manifest.getRun())
                    .setFromManifest(true)
                    .setModelSummary(summary))
            .build());
    replay.add(RunResponse.newBuilder().setPredictions(manifest.getPredictions()).build());
    manifest.getLayersList().stream()
        .map(layer -> RunResponse.newBuilder().setLayer(urls.withUrls(layer)).build())
        .forEach(replay::add);
    String manifestKey = ManifestStore.key(manifest.getRunId());
    replay.add(
        RunResponse.newBuilder()
            .setFinished(
                RunFinished.newBuilder()
                    .setRunId(manifest.getRunId())
                    .setFromManifest(true)
                    .setManifestKey(manifestKey)
                    .setManifestUrl(urls.urlOf(manifestKey)))
            .build());
    this.events = replay.iterator();
  }

  @Override
  public boolean hasNext() {
    return events.hasNext();
  }

  @Override
  public RunResponse next() {
    return events.next();
  }

  @Override
  public void close() {
    // Nothing under way.
  }
}
