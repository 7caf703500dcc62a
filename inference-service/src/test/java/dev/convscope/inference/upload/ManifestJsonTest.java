package dev.convscope.inference.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.models.ChannelOrder;
import dev.convscope.models.Preprocessing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {

  @Test
  void aManifestReadsBackAsWritten() {
    var preprocessing =
        new Preprocessing(
            224,
            224,
            3,
            ChannelOrder.BGR,
            256,
            256,
            new float[] {104f, 117f, 123f},
            new float[] {58f, 57f, 57.5f},
            1f,
            "resize to 256x256, centre crop 224x224");
    var manifest =
        new ModelManifest(
            ModelManifest.VERSION,
            "cd".repeat(32),
            ModelFileFormat.KERAS_HDF5,
            1234,
            "my net",
            List.of("cat", "dog"),
            preprocessing,
            List.of(
                new ModelPart(ModelPartRole.CAFFE_NETWORK, 200, "deploy.prototxt"),
                new ModelPart(ModelPartRole.CAFFE_WEIGHTS, 1034, "")));

    byte[] json = ManifestJson.write(manifest);
    ModelManifest read = ManifestJson.read(json, "model.json");

    String text = new String(json, StandardCharsets.UTF_8);
    assertThat(text)
        .contains(
            "\"format\" : \"keras-hdf5\"",
            "\"display_name\" : \"my net\"",
            "\"resize_height\" : 256",
            "\"order\" : \"BGR\"");
    assertThat(read.sha256()).isEqualTo(manifest.sha256());
    assertThat(read.format()).isEqualTo(ModelFileFormat.KERAS_HDF5);
    assertThat(read.sizeBytes()).isEqualTo(1234);
    assertThat(read.labels()).containsExactly("cat", "dog");
    assertThat(read.preprocessing().mean()).containsExactly(104f, 117f, 123f);
    assertThat(read.preprocessing().std()).containsExactly(58f, 57f, 57.5f);
    assertThat(read.preprocessing().resizeWidth()).isEqualTo(256);
    assertThat(read.preprocessing().description()).isEqualTo(preprocessing.description());
    assertThat(text)
        .contains("\"role\" : \"caffe-network\"", "\"file_name\" : \"deploy.prototxt\"");
    assertThat(read.parts()).isEqualTo(manifest.parts());
  }

  @Test
  void aDescriptionStoredBeforeModelsCameInPartsOrHadADivisorHasNone() throws Exception {
    var tree =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(
                    ManifestJson.write(
                        new ModelManifest(
                            ModelManifest.VERSION,
                            "ab".repeat(32),
                            ModelFileFormat.DL4J_ZIP,
                            10,
                            "",
                            List.of(),
                            Preprocessing.squash(
                                8, 8, 1, ChannelOrder.RGB, new float[0], 1f, "gray"),
                            List.of())));
    tree.remove("parts");
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("preprocessing")).remove("std");

    ModelManifest read = ManifestJson.read(tree.toString().getBytes(StandardCharsets.UTF_8), "k");

    assertThat(read.parts()).isEmpty();
    assertThat(read.preprocessing().std()).as("none: stored before the divisor").isEmpty();
  }

  @Test
  void aManifestOfAnotherLayoutVersionIsNotRead() {
    byte[] json = "{\"version\": 2, \"sha256\": \"x\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ManifestJson.read(json, "uploads/models/x/model.json"))
        .hasMessageContaining("layout version 2");
  }
}
