package dev.convscope.localstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedS3Test {

  @Test
  void storesObjectsOnDiskAndKeepsThemAcrossARestart(@TempDir Path dir) throws Exception {
    byte[] payload = "a picture".getBytes(StandardCharsets.UTF_8);
    try (EmbeddedS3 store = EmbeddedS3.onDisk(dir, "127.0.0.1", 0, "key", "secret-secret")) {
      store.ensureBucket("convscope");
      store.ensureBucket("convscope"); // twice is fine
      put(store.client(), "runs/a/b.png", payload);
      int port = store.port();

      store.stop();
      assertThrows(
          Exception.class,
          () -> read(store.client(), "runs/a/b.png"),
          "a stopped store answers nothing");

      store.start();
      assertEquals(port, store.port(), "a restart keeps the port");
      assertArrayEquals(payload, read(store.client(), "runs/a/b.png"));
    }
  }

  @Test
  void rejectsWrongCredentials() throws Exception {
    try (EmbeddedS3 store = EmbeddedS3.inMemory()) {
      store.ensureBucket("convscope");
      MinioClient intruder =
          MinioClient.builder()
              .endpoint(store.endpoint().toString())
              .credentials("someone", "wrong-secret")
              .build();
      assertThrows(Exception.class, () -> put(intruder, "x.png", new byte[] {1}));
    }
  }

  private static void put(MinioClient client, String key, byte[] bytes) throws Exception {
    client.putObject(
        PutObjectArgs.builder().bucket("convscope").object(key).stream(
                new ByteArrayInputStream(bytes), bytes.length, -1)
            .build());
  }

  private static byte[] read(MinioClient client, String key) throws Exception {
    try (InputStream in =
        client.getObject(GetObjectArgs.builder().bucket("convscope").object(key).build())) {
      return in.readAllBytes();
    }
  }
}
