package dev.convscope.visualization.store;

import dev.convscope.visualization.config.StoreConfig;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Set;

/**
 * Keeps PNGs in the object store under content-addressed keys. A key that is already stored is not
 * written again: the same tensor and options always give the same bytes, so a retry or a second
 * replica doing the same work costs one HEAD request and never changes what is there. S3 makes an
 * object visible only once it is completely written, so a stored key is never half a picture.
 */
@ApplicationScoped
public class PictureStore {

  private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "NotFound");

  private final MinioClient client;
  private final String bucket;
  private final String endpoint;
  private volatile boolean bucketChecked;

  public PictureStore(StoreConfig config) {
    this.bucket = config.bucket();
    this.endpoint = config.endpoint();
    this.client =
        MinioClient.builder()
            .endpoint(config.endpoint())
            .credentials(config.accessKey(), config.secretKey())
            .region(config.region())
            .build();
    long timeoutMillis = config.timeout().toMillis();
    client.setTimeout(timeoutMillis, timeoutMillis, timeoutMillis);
  }

  /** Stores the PNG under {@code key} unless that key is stored already. */
  public StoredPicture putIfAbsent(String key, byte[] png) {
    ensureBucket();
    try {
      StatObjectResponse existing = statOrNull(key);
      if (existing != null) {
        return new StoredPicture(key, existing.size(), true);
      }
      client.putObject(
          PutObjectArgs.builder().bucket(bucket).object(key).contentType("image/png").stream(
                  new ByteArrayInputStream(png), png.length, -1)
              .build());
      return new StoredPicture(key, png.length, false);
    } catch (StoreUnavailableException e) {
      throw e;
    } catch (Exception e) {
      throw unavailable("could not store " + key, e);
    }
  }

  /** True when the store answers and the bucket exists (creating it if needed). */
  public void checkReachable() {
    bucketChecked = false;
    ensureBucket();
  }

  public String bucket() {
    return bucket;
  }

  private StatObjectResponse statOrNull(String key) throws Exception {
    try {
      return client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
    } catch (ErrorResponseException e) {
      if (MISSING.contains(e.errorResponse().code())) {
        return null;
      }
      throw e;
    }
  }

  private void ensureBucket() {
    if (bucketChecked) {
      return;
    }
    try {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        try {
          client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        } catch (ErrorResponseException e) {
          // Another replica may have made it between the two calls.
          if (!e.errorResponse().code().startsWith("BucketAlready")) {
            throw e;
          }
        }
      }
      bucketChecked = true;
    } catch (Exception e) {
      throw unavailable("cannot reach bucket '" + bucket + "'", e);
    }
  }

  private StoreUnavailableException unavailable(String what, Exception cause) {
    String reason =
        cause instanceof IOException
            ? "the object store at " + endpoint + " does not answer"
            : "the object store at " + endpoint + " failed: " + cause.getClass().getSimpleName();
    if (cause instanceof ErrorResponseException e) {
      reason = "the object store at " + endpoint + " answered " + e.errorResponse().code();
    }
    return new StoreUnavailableException(what + ": " + reason, cause);
  }
}
