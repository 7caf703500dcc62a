package dev.convscope.gateway.run;

import dev.convscope.gateway.model.ModelSummary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** A repeat answered from the run's manifest: the same events, without running the network. */
final class StoredRun implements RunEvents {

  private final Iterator<RunEvent> events;

  StoredRun(RunManifest manifest, Optional<ModelSummary> summary, PictureUrls urls) {
    List<RunEvent> replay = new ArrayList<>();
    replay.add(new RunOpened(manifest.runId(), manifest.run(), true, summary));
    replay.add(manifest.predictions());
    manifest.layers().stream().map(urls::withUrls).forEach(replay::add);
    String manifestKey = Manifests.key(manifest.runId());
    replay.add(new RunFinished(manifest.runId(), true, manifestKey, urls.urlOf(manifestKey)));
    this.events = replay.iterator();
  }

  @Override
  public boolean hasNext() {
    return events.hasNext();
  }

  @Override
  public RunEvent next() {
    return events.next();
  }

  @Override
  public void close() {
    // Nothing under way.
  }
}
