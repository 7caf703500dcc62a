package dev.convscope.inference.testing;

import dev.convscope.inference.api.VisualizationServiceResource;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the test bucket in S3Proxy, as the services under test see it. */
public final class TestBucket {

  private TestBucket() {}

  public static void put(String key, byte[] bytes) throws Exception {
    VisualizationServiceResource.client()
        .putObject(
            PutObjectArgs.builder().bucket(VisualizationServiceResource.BUCKET).object(key).stream(
                    new ByteArrayInputStream(bytes), bytes.length, -1)
                .build());
  }

  public static byte[] read(String key) throws Exception {
    try (InputStream in =
        VisualizationServiceResource.client()
            .getObject(
                GetObjectArgs.builder()
                    .bucket(VisualizationServiceResource.BUCKET)
                    .object(key)
                    .build())) {
      return in.readAllBytes();
    }
  }

  /** Every key under {@code prefix}, sorted. */
  public static List<String> keysUnder(String prefix) throws Exception {
    List<String> keys = new ArrayList<>();
    for (var item :
        VisualizationServiceResource.client()
            .listObjects(
                ListObjectsArgs.builder()
                    .bucket(VisualizationServiceResource.BUCKET)
                    .prefix(prefix)
                    .recursive(true)
                    .build())) {
      keys.add(item.get().objectName());
    }
    return keys.stream().sorted().toList();
  }
}
