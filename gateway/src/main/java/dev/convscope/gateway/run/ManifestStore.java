package dev.convscope.gateway.run;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.convscope.api.gateway.v1.RunManifest;
import dev.convscope.gateway.store.Bucket;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps each run's manifest.json in the bucket, as protobuf JSON that people and scripts can read.
 * A manifest is written after every object it names, so one that exists describes a complete run.
 *
 * <p>Manifests are written once and never change (a run id digests everything the run depends on),
 * so the ones read or written lately are also kept in memory: a repeated request is answered
 * without reading and parsing the JSON again, which costs more than the rest of the answer. The
 * memory is bounded by the manifests' size and forgets after a while, so a bucket cleared by hand
 * is noticed.
 */
@ApplicationScoped
public class ManifestStore {

  private static final Logger LOG = Logger.getLogger(ManifestStore.class);

  private static final JsonFormat.Printer PRINTER = JsonFormat.printer();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private static final long REMEMBERED_BYTES = 64L << 20;
  private static final Duration REMEMBERED_FOR = Duration.ofMinutes(10);

  private final Bucket store;
  private final Cache<String, RunManifest> recent =
      Caffeine.newBuilder()
          .maximumWeight(REMEMBERED_BYTES)
          .weigher((String runId, RunManifest manifest) -> manifest.getSerializedSize())
          .expireAfterWrite(REMEMBERED_FOR)
          .build();

  ManifestStore(Bucket store) {
    this.store = store;
  }

  /** The object key of a run's manifest. */
  public static String key(String runId) {
    return "manifests/" + runId + "/manifest.json";
  }

  /** The run's manifest, or empty when the run never finished (or the id is not a run id). */
  public Optional<RunManifest> find(String runId) {
    if (!RunIds.isWellFormed(runId)) {
      return Optional.empty();
    }
    RunManifest remembered = recent.getIfPresent(runId);
    if (remembered != null) {
      return Optional.of(remembered);
    }
    Optional<RunManifest> stored = store.read(key(runId)).flatMap(bytes -> parse(runId, bytes));
    stored.ifPresent(manifest -> recent.put(runId, manifest));
    return stored;
  }

  /** Stores the manifest under its run's key and answers that key. */
  public String write(RunManifest manifest) {
    String json;
    try {
      json = PRINTER.print(manifest);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a manifest always prints as JSON", e);
    }
    String key = key(manifest.getRunId());
    store.put(key, json.getBytes(StandardCharsets.UTF_8), "application/json");
    recent.put(manifest.getRunId(), manifest);
    return key;
  }

  private static Optional<RunManifest> parse(String runId, byte[] bytes) {
    RunManifest.Builder manifest = RunManifest.newBuilder();
    try {
      PARSER.merge(new String(bytes, StandardCharsets.UTF_8), manifest);
      return Optional.of(manifest.build());
    } catch (InvalidProtocolBufferException e) {
      // Unreadable (written by hand, say): treat the run as not stored, so it runs again and the
      // manifest is written anew.
      LOG.warnf("the manifest of run %s cannot be read (%s); it will be written again", runId, e);
      return Optional.empty();
    }
  }
}
