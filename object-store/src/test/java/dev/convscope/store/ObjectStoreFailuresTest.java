package dev.convscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.convscope.localstore.EmbeddedS3;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outages and refusals told apart, against a real S3-compatible server (S3Proxy): refused
 * credentials and a missing bucket are misconfiguration, named with the bucket and never with the
 * credentials; a store that does not answer, or answers with a server error, is an outage.
 */
class ObjectStoreFailuresTest {

  private static final String BUCKET = "object-store-failures";
  private static final String WRONG_SECRET = "not-the-store-secret-4711";

  private static EmbeddedS3 s3;

  @BeforeAll
  static void startStore() throws Exception {
    s3 = EmbeddedS3.inMemory();
    s3.ensureBucket(BUCKET);
  }

  @AfterAll
  static void stopStore() throws Exception {
    s3.stop();
  }

  @Test
  void aRefusedSecretIsMisconfigurationThatNamesTheBucketButNotTheSecret() {
    ObjectStore store = store(s3.endpoint(), s3.accessKey(), WRONG_SECRET, BUCKET);

    StoreMisconfiguredException refused =
        assertThrows(StoreMisconfiguredException.class, () -> store.read("some/key"));

    assertTrue(StoreFailures.REFUSED_CREDENTIALS.contains(refused.code()), refused.code());
    assertEquals(BUCKET, refused.bucket());
    assertTrue(refused.getMessage().contains("bucket '" + BUCKET + "'"), refused.getMessage());
    assertTrue(refused.getMessage().contains("convscope.store.secret-key"), refused.getMessage());
    assertFalse(refused.getMessage().contains(WRONG_SECRET), refused.getMessage());
    assertFalse(refused.getMessage().contains(s3.secretKey()), refused.getMessage());
    assertThrows(StoreMisconfiguredException.class, store::checkReachable);
  }

  @Test
  void anUnknownAccessKeyIsMisconfiguration() {
    ObjectStore store = store(s3.endpoint(), "nobody-we-know", s3.secretKey(), BUCKET);

    StoreMisconfiguredException refused =
        assertThrows(StoreMisconfiguredException.class, () -> store.put("k", new byte[1], "x/y"));

    assertTrue(StoreFailures.REFUSED_CREDENTIALS.contains(refused.code()), refused.code());
    assertFalse(refused.getMessage().contains(s3.secretKey()), refused.getMessage());
  }

  @Test
  void aMissingBucketThatMayNotBeCreatedIsMisconfiguration() throws Exception {
    try (EmbeddedS3 refusing = EmbeddedS3.inMemoryRefusingNewBuckets()) {
      ObjectStore store =
          store(refusing.endpoint(), refusing.accessKey(), refusing.secretKey(), "no-such-bucket");

      StoreMisconfiguredException refused =
          assertThrows(StoreMisconfiguredException.class, store::checkReachable);

      assertEquals("AccessDenied", refused.code());
      assertTrue(
          refused
              .getMessage()
              .startsWith("bucket 'no-such-bucket' does not exist and could not be created"),
          refused.getMessage());
      assertThrows(StoreMisconfiguredException.class, () -> store.list("jobs/"));
    }
  }

  @Test
  void aBucketNameS3DoesNotAllowIsMisconfiguration() {
    ObjectStore store = store(s3.endpoint(), s3.accessKey(), s3.secretKey(), "Not_A_Bucket");

    StoreMisconfiguredException refused =
        assertThrows(StoreMisconfiguredException.class, () -> store.read("a"));

    assertTrue(refused.getMessage().contains("convscope.store.bucket"), refused.getMessage());
  }

  @Test
  void aBucketRemovedSinceItWasCheckedIsMisconfigurationAndIsLookedForAgain() throws Exception {
    String bucket = "removed-later";
    ObjectStore store = store(s3.endpoint(), s3.accessKey(), s3.secretKey(), bucket);
    store.put("a", new byte[] {1}, "application/octet-stream");
    s3.client().removeObject(RemoveObjectArgs.builder().bucket(bucket).object("a").build());
    s3.client().removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());

    StoreMisconfiguredException refused =
        assertThrows(StoreMisconfiguredException.class, () -> store.read("a"));

    assertEquals("NoSuchBucket", refused.code());
    assertTrue(refused.getMessage().contains("no bucket '" + bucket + "'"), refused.getMessage());
    // The next request looks for the bucket again, and makes it, as at the start.
    assertEquals(Optional.empty(), store.read("a"));
  }

  @Test
  void aStoppedStoreIsAnOutage() throws Exception {
    EmbeddedS3 stopped = EmbeddedS3.inMemory();
    stopped.stop();
    ObjectStore store = store(stopped.endpoint(), "k", "s", BUCKET);

    StoreUnavailableException down =
        assertThrows(StoreUnavailableException.class, () -> store.read("a"));

    assertTrue(down.getMessage().contains("does not answer"), down.getMessage());
  }

  @Test
  void serverErrorsAreOutagesAndOtherRefusalsAreNot() throws Exception {
    assertEquals(StoreUnavailableException.class, failureOfGetAnswered(500, "InternalError"));
    assertEquals(StoreUnavailableException.class, failureOfGetAnswered(503, "SlowDown"));
    assertEquals(StoreMisconfiguredException.class, failureOfGetAnswered(403, "AccessDenied"));
    assertEquals(StoreMisconfiguredException.class, failureOfGetAnswered(404, "NoSuchBucket"));
    assertEquals(StoreMisconfiguredException.class, failureOfGetAnswered(400, "InvalidBucketName"));
  }

  /** What reading an object fails with from a store that answers every GET with this error. */
  private static Class<? extends RuntimeException> failureOfGetAnswered(int status, String code)
      throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          if (exchange.getRequestMethod().equals("HEAD")) { // the bucket exists
            exchange.sendResponseHeaders(200, -1);
          } else {
            byte[] body =
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                        + code
                        + "</Code><Message>as asked</Message></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
    try {
      URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
      ObjectStore store = store(endpoint, "k", "secret", BUCKET);
      return assertThrows(RuntimeException.class, () -> store.read("a")).getClass();
    } finally {
      server.stop(0);
    }
  }

  private static ObjectStore store(
      URI endpoint, String accessKey, String secretKey, String bucket) {
    return new ObjectStore(
        new SmallRyeConfigBuilder()
            .withMapping(StoreConfig.class)
            .withDefaultValues(
                Map.of(
                    "convscope.store.endpoint", endpoint.toString(),
                    "convscope.store.access-key", accessKey,
                    "convscope.store.secret-key", secretKey,
                    "convscope.store.bucket", bucket,
                    "convscope.store.timeout", "PT2S"))
            .build()
            .getConfigMapping(StoreConfig.class));
  }
}
