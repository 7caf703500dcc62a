package dev.convscope.gateway.manifest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.convscope.gateway.run.Manifests;
import dev.convscope.gateway.run.RunIds;
import dev.convscope.gateway.run.RunManifest;
import dev.convscope.gateway.store.Bucket;
import dev.convscope.gateway.wire.ManifestMessages;
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
public class ManifestStore implements Manifests {

  private static final Logger LOG = Logger.getLogger(ManifestStore.class);

  private static final JsonFormat.Printer PRINTER = JsonFormat.printer();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private static final long REMEMBERED_BYTES = 64L << 20;
  private static final Duration REMEMBERED_FOR = Duration.ofMinutes(10);

  private final Bucket store;
  private final Cache<String, Remembered> recent =
      Caffeine.newBuilder()
          .maximumWeight(REMEMBERED_BYTES)
          .weigher((String runId, Remembered manifest) -> manifest.bytes())
          .expireAfterWrite(REMEMBERED_FOR)
          .build();

  /** A manifest in memory, and the size of its JSON, which bounds the memory. */
  private record Remembered(RunManifest manifest, int bytes) {}

  public ManifestStore(Bucket store) {
    this.store = store;
  }

  @Override
  public Optional<RunManifest> find(String runId) {
    if (!RunIds.isWellFormed(runId)) {
      return Optional.empty();
    }
    Remembered remembered = recent.getIfPresent(runId);
    if (remembered != null) {
      return Optional.of(remembered.manifest());
    }
    Optional<byte[]> json = store.read(Manifests.key(runId));
    Optional<RunManifest> stored = json.flatMap(bytes -> parse(runId, bytes));
    stored.ifPresent(manifest -> recent.put(runId, new Remembered(manifest, json.get().length)));
    return stored;
  }

  @Override
  public String write(RunManifest manifest) {
    byte[] json;
    try {
      json = PRINTER.print(ManifestMessages.write(manifest)).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a manifest always prints as JSON", e);
    }
    String key = Manifests.key(manifest.runId());
    store.put(key, json, "application/json");
    recent.put(manifest.runId(), new Remembered(manifest, json.length));
    return key;
  }

  private static Optional<RunManifest> parse(String runId, byte[] bytes) {
    var manifest = dev.convscope.api.gateway.v1.RunManifest.newBuilder();
    try {
      PARSER.merge(new String(bytes, StandardCharsets.UTF_8), manifest);
    } catch (InvalidProtocolBufferException e) {
      // Unreadable (written by hand, say): treat the run as not stored, so it runs again and the
      // manifest is written anew.
      LOG.warnf("the manifest of run %s cannot be read (%s); it will be written again", runId, e);
      return Optional.empty();
    }
    Optional<RunManifest> read = ManifestMessages.read(manifest.build());
    if (read.isEmpty()) {
      LOG.warnf("the manifest of run %s is not a run's; it will be written again", runId);
    }
    return read;
  }
}
