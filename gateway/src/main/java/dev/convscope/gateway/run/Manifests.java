package dev.convscope.gateway.run;

import java.util.Optional;

/** Where finished runs' manifests are kept, each under a key its run id decides. */
public interface Manifests {

  /** The object key of a run's manifest. */
  static String key(String runId) {
    return "manifests/" + runId + "/manifest.json";
  }

  /** The run's manifest, or empty when the run never finished (or the id is not a run id). */
  Optional<RunManifest> find(String runId);

  /** Stores the manifest under its run's key and answers that key. */
  String write(RunManifest manifest);
}
