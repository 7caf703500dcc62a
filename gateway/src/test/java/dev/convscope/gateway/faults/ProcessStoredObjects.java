package dev.convscope.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.convscope.api.gateway.v1.RunManifest;
import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.Picture;
import dev.convscope.store.ObjectStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** What a killed process may not leave behind: a manifest naming a missing object, a broken PNG. */
final class ProcessStoredObjects {

  private ProcessStoredObjects() {}

  /** Checks every manifest and every stored picture; answers how many pictures it decoded. */
  static int assertIntact(ObjectStore store) throws IOException {
    List<String> manifests = store.list("manifests/");
    assertThat(manifests).as("manifests").isNotEmpty();
    for (String key : manifests) {
      RunManifest manifest =
          parse(new String(store.read(key).orElseThrow(), StandardCharsets.UTF_8));
      for (LayerResult layer : manifest.getLayersList()) {
        for (Picture picture : layer.getPicturesList()) {
          assertThat(store.size(picture.getKey()))
              .as("%s names %s", key, picture.getKey())
              .contains(picture.getSizeBytes());
        }
      }
    }
    List<String> pictures = new ArrayList<>(store.list("runs/"));
    pictures.addAll(store.list("models/"));
    int decoded = 0;
    for (String key : pictures) {
      if (!key.endsWith(".png")) {
        continue;
      }
      BufferedImage png = ImageIO.read(new ByteArrayInputStream(store.read(key).orElseThrow()));
      assertThat(png).as("%s decodes as a PNG", key).isNotNull();
      decoded++;
    }
    assertThat(decoded).as("stored pictures").isPositive();
    return decoded;
  }

  private static RunManifest parse(String json) {
    RunManifest.Builder manifest = RunManifest.newBuilder();
    try {
      JsonFormat.parser().merge(json, manifest);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("a manifest that is not one: " + e.getMessage(), e);
    }
    return manifest.build();
  }
}
