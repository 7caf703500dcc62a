package dev.convscope.localstore;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3-compatible server in this JVM: S3Proxy on a loopback port, keeping objects on disk (the
 * local run) or in memory (tests). It can be stopped and started again on the same port with the
 * same objects, so tests can take the store away and bring it back.
 */
public final class EmbeddedS3 implements AutoCloseable {

  public static final String DEFAULT_ACCESS_KEY = "convscope";
  public static final String DEFAULT_SECRET_KEY = "convscope-local-secret";

  private final BlobStore blobStore;
  private final String host;
  private final String accessKey;
  private final String secretKey;
  private int port;
  private S3Proxy proxy;

  private EmbeddedS3(
      BlobStore blobStore, String host, int port, String accessKey, String secretKey) {
    this.blobStore = blobStore;
    this.host = host;
    this.port = port;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** A store that keeps its objects under {@code directory}, on {@code port} (0: any free port). */
  public static EmbeddedS3 onDisk(
      Path directory, String host, int port, String accessKey, String secretKey) throws Exception {
    Files.createDirectories(directory);
    EmbeddedS3 store =
        new EmbeddedS3(
            new FilesystemNio2BlobStore(directory.toAbsolutePath().toString()),
            host,
            port,
            accessKey,
            secretKey);
    store.start();
    return store;
  }

  /** A store in memory on a free loopback port, with the default credentials: for tests. */
  public static EmbeddedS3 inMemory() throws Exception {
    return inMemory(new TransientNio2BlobStore());
  }

  /**
   * A store in memory on a free loopback port that refuses to create buckets (AccessDenied), as a
   * store whose users may not: a bucket that is missing stays missing. For tests.
   */
  public static EmbeddedS3 inMemoryRefusingNewBuckets() throws Exception {
    return inMemory(new NoNewBuckets(new TransientNio2BlobStore()));
  }

  private static EmbeddedS3 inMemory(BlobStore blobStore) throws Exception {
    EmbeddedS3 store =
        new EmbeddedS3(blobStore, "127.0.0.1", 0, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY);
    store.start();
    return store;
  }

  /** Starts serving (again), on the port it had before if it ran already. */
  public synchronized void start() throws Exception {
    if (proxy != null) {
      return;
    }
    S3Proxy started =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(URI.create("http://" + host + ":" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
    started.start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!"STARTED".equals(started.getState())) {
      if (Instant.now().isAfter(deadline)) {
        started.stop();
        throw new IllegalStateException(
            "S3Proxy did not start within 30 s on " + host + ":" + port);
      }
      Thread.sleep(10);
    }
    port = started.getPort();
    proxy = started;
  }

  /** Stops serving; objects are kept for a later {@link #start()}. */
  public synchronized void stop() throws Exception {
    if (proxy != null) {
      proxy.stop();
      proxy = null;
    }
  }

  public URI endpoint() {
    return URI.create("http://" + host + ":" + port);
  }

  public int port() {
    return port;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** A MinIO client for this store. */
  public MinioClient client() {
    return MinioClient.builder()
        .endpoint(endpoint().toString())
        .credentials(accessKey, secretKey)
        .build();
  }

  /** Creates the bucket unless it exists. */
  public void ensureBucket(String bucket) throws Exception {
    MinioClient client = client();
    if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
      client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    }
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}
