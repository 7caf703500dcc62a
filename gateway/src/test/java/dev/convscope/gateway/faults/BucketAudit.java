package dev.convscope.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.convscope.api.gateway.v1.RunManifest;
import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.Picture;
import dev.convscope.gateway.api.NeighbourServicesResource;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Checks the whole bucket, read from the store itself: every manifest names only objects that
 * exist, with the size it states; every PNG decodes.
 */
final class BucketAudit {

  private static final Pattern MANIFEST =
      Pattern.compile("manifests/([0-9a-f]{32})/manifest\\.json");

  /** What the audit went through. */
  record Figures(int manifests, int picturesNamed, int pngsDecoded) {}

  private BucketAudit() {}

  static Figures run(MinioClient store) throws Exception {
    Map<String, Long> sizes = new HashMap<>();
    for (Result<Item> item :
        store.listObjects(
            ListObjectsArgs.builder()
                .bucket(NeighbourServicesResource.BUCKET)
                .recursive(true)
                .build())) {
      sizes.put(item.get().objectName(), item.get().size());
    }
    int manifests = 0;
    int named = 0;
    int decoded = 0;
    for (String key : sizes.keySet()) {
      Matcher manifestKey = MANIFEST.matcher(key);
      if (manifestKey.matches()) {
        manifests++;
        RunManifest.Builder manifest = RunManifest.newBuilder();
        JsonFormat.parser()
            .ignoringUnknownFields()
            .merge(new String(read(store, key), StandardCharsets.UTF_8), manifest);
        assertThat(manifest.getRunId()).as(key).isEqualTo(manifestKey.group(1));
        for (LayerResult layer : manifest.getLayersList()) {
          for (Picture picture : layer.getPicturesList()) {
            named++;
            assertThat(sizes)
                .as("%s names %s", key, picture.getKey())
                .containsKey(picture.getKey());
            if (picture.getSizeBytes() > 0) {
              assertThat(sizes.get(picture.getKey()))
                  .as("size of %s, named by %s", picture.getKey(), key)
                  .isEqualTo(picture.getSizeBytes());
            }
          }
        }
      } else if (key.endsWith(".png")) {
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(read(store, key)));
        assertThat(png).as("%s decodes as a PNG", key).isNotNull();
        assertThat(png.getWidth() * png.getHeight()).as(key).isPositive();
        decoded++;
      }
    }
    return new Figures(manifests, named, decoded);
  }

  /** True when the bucket holds a manifest for {@code runId}. */
  static boolean hasManifest(MinioClient store, String runId) throws Exception {
    return store
        .listObjects(
            ListObjectsArgs.builder()
                .bucket(NeighbourServicesResource.BUCKET)
                .prefix("manifests/" + runId + "/")
                .build())
        .iterator()
        .hasNext();
  }

  private static byte[] read(MinioClient store, String key) throws Exception {
    try (InputStream in =
        store.getObject(
            GetObjectArgs.builder().bucket(NeighbourServicesResource.BUCKET).object(key).build())) {
      return in.readAllBytes();
    }
  }
}
