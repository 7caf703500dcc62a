package dev.convscope.store;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.HttpUtils;
import io.minio.http.Method;
import io.minio.messages.Item;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The objects of the one bucket this service reads and writes, over the MinIO client. A store that
 * cannot be reached, times out or fails (5xx) gives a {@link StoreUnavailableException}, worth
 * retrying; one that refuses the credentials or has no such bucket (nor lets this service create
 * it) gives a {@link StoreMisconfiguredException}, which no retry mends; a missing object is an
 * empty answer or a {@link NoSuchObjectException}. S3 makes an object visible only once it is
 * completely written, so a reader never sees half an object.
 */
@ApplicationScoped
public class ObjectStore {

  private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "NotFound");

  private final MinioClient client;
  private final String bucket;
  private final StoreFailures failures;
  private volatile boolean bucketChecked;

  public ObjectStore(StoreConfig config) {
    this.bucket = config.bucket();
    this.failures = new StoreFailures(config.endpoint(), config.bucket());
    long timeoutMillis = config.timeout().toMillis();
    this.client =
        MinioClient.builder()
            .endpoint(config.endpoint())
            .credentials(config.accessKey(), config.secretKey())
            .region(config.region())
            .httpClient(
                HttpUtils.newDefaultHttpClient(timeoutMillis, timeoutMillis, timeoutMillis)
                    .newBuilder()
                    .socketFactory(new NoDelaySocketFactory())
                    .build())
            .build();
  }

  public String bucket() {
    return bucket;
  }

  /**
   * Checks that the store answers and the bucket exists (creating it if needed).
   *
   * @throws StoreUnavailableException when the store cannot be reached
   * @throws StoreMisconfiguredException when it refuses the credentials or the bucket
   */
  public void checkReachable() {
    bucketChecked = false;
    ensureBucket();
  }

  /** The object's size in bytes, or empty when there is no object under {@code key}. */
  public Optional<Long> size(String key) {
    ensureBucket();
    try {
      return Optional.of(
          client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size());
    } catch (ErrorResponseException e) {
      if (MISSING.contains(e.errorResponse().code())) {
        return Optional.empty();
      }
      throw failure("could not look up " + key, e);
    } catch (Exception e) {
      throw failure("could not look up " + key, e);
    }
  }

  /** The object's bytes, or empty when there is no object under {@code key}. For small objects. */
  public Optional<byte[]> read(String key) {
    ensureBucket();
    try (GetObjectResponse in =
        client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return Optional.of(in.readAllBytes());
    } catch (ErrorResponseException e) {
      if (MISSING.contains(e.errorResponse().code())) {
        return Optional.empty();
      }
      throw failure("could not read " + key, e);
    } catch (Exception e) {
      throw failure("could not read " + key, e);
    }
  }

  /** Every key that starts with {@code prefix}, in the store's (lexicographic) order. */
  public List<String> list(String prefix) {
    ensureBucket();
    List<String> keys = new ArrayList<>();
    try {
      for (Result<Item> item :
          client.listObjects(
              ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
        keys.add(item.get().objectName());
      }
      return keys;
    } catch (Exception e) {
      throw failure("could not list " + prefix, e);
    }
  }

  /** Removes the object under {@code key}; removing a key with no object does nothing. */
  public void delete(String key) {
    ensureBucket();
    try {
      client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
    } catch (Exception e) {
      throw failure("could not delete " + key, e);
    }
  }

  /** Writes the object under {@code key} into {@code target}, replacing it. */
  public void download(String key, Path target) {
    ensureBucket();
    try (InputStream in =
        client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (ErrorResponseException e) {
      if (MISSING.contains(e.errorResponse().code())) {
        throw new NoSuchObjectException(
            "there is no object '" + key + "' in bucket '" + bucket + "'");
      }
      throw failure("could not read " + key, e);
    } catch (Exception e) {
      throw failure("could not read " + key, e);
    }
  }

  /** Stores a file's bytes under {@code key} (in parts when it is large). */
  public void put(String key, Path file, String contentType) {
    ensureBucket();
    try {
      client.uploadObject(
          UploadObjectArgs.builder()
              .bucket(bucket)
              .object(key)
              .filename(file.toString())
              .contentType(contentType)
              .build());
    } catch (Exception e) {
      throw failure("could not store " + key, e);
    }
  }

  /** Stores {@code bytes} under {@code key}. */
  public void put(String key, byte[] bytes, String contentType) {
    ensureBucket();
    try {
      client.putObject(
          PutObjectArgs.builder().bucket(bucket).object(key).contentType(contentType).stream(
                  new ByteArrayInputStream(bytes), bytes.length, -1)
              .build());
    } catch (Exception e) {
      throw failure("could not store " + key, e);
    }
  }

  /**
   * A URL that lets anyone holding it read the object under {@code key} for {@code expiry}, so the
   * bucket itself can stay private. Signed locally with the store's keys: no request is made, and
   * the object need not exist yet.
   *
   * @param expiry between one second and seven days, as S3 allows
   */
  public String presignedGetUrl(String key, Duration expiry) {
    long seconds = expiry.toSeconds();
    if (seconds < 1 || seconds > Duration.ofDays(7).toSeconds()) {
      throw new IllegalArgumentException(
          "a presigned URL lasts from 1 second to 7 days, not " + expiry);
    }
    try {
      return client.getPresignedObjectUrl(
          GetPresignedObjectUrlArgs.builder()
              .method(Method.GET)
              .bucket(bucket)
              .object(key)
              .expiry((int) seconds)
              .build());
    } catch (Exception e) {
      throw failure("could not sign a URL for " + key, e);
    }
  }

  private void ensureBucket() {
    if (bucketChecked) {
      return;
    }
    boolean exists;
    try {
      exists = client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
    } catch (IllegalArgumentException e) {
      throw failures.unusableBucketName(e);
    } catch (Exception e) {
      throw failure("cannot use bucket '" + bucket + "'", e);
    }
    if (!exists) {
      try {
        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      } catch (ErrorResponseException e) {
        // Another replica or service may have made it between the two calls.
        if (!e.errorResponse().code().startsWith("BucketAlready")) {
          throw failure("bucket '" + bucket + "' does not exist and could not be created", e);
        }
      } catch (Exception e) {
        throw failure("bucket '" + bucket + "' does not exist and could not be created", e);
      }
    }
    bucketChecked = true;
  }

  /**
   * The failure of a request, an outage or a refusal; a bucket gone since it was checked is looked
   * for (and made) again by the next request.
   */
  private RuntimeException failure(String what, Exception cause) {
    RuntimeException failure = failures.of(what, cause);
    if (failure instanceof StoreMisconfiguredException refused
        && StoreFailures.NO_SUCH_BUCKET.equals(refused.code())) {
      bucketChecked = false;
    }
    return failure;
  }
}
