package dev.convscope.visualization.api;

import dev.convscope.visualization.store.S3ProxyResource;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/** A real channel to the application under test, and reads from the store behind it. */
final class GrpcTestSupport {

  private GrpcTestSupport() {}

  static ManagedChannel channel() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  static byte[] readObject(String key) throws Exception {
    try (InputStream in =
        S3ProxyResource.client()
            .getObject(
                GetObjectArgs.builder().bucket(S3ProxyResource.BUCKET).object(key).build())) {
      return in.readAllBytes();
    }
  }

  static List<String> keysUnder(String prefix) throws Exception {
    List<String> keys = new ArrayList<>();
    for (Result<Item> item :
        S3ProxyResource.client()
            .listObjects(
                ListObjectsArgs.builder()
                    .bucket(S3ProxyResource.BUCKET)
                    .prefix(prefix)
                    .recursive(true)
                    .build())) {
      keys.add(item.get().objectName());
    }
    return keys;
  }
}
