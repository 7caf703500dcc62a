package dev.convscope.inference.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.contract.digest.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The digest that names an uploaded model, for a file of one model and for files in parts. */
class ModelDigestTest {

  private static final byte[] BYTES = "name: \"net\"\nweights".getBytes(StandardCharsets.UTF_8);

  @Test
  void aModelOfOneFileIsNamedByTheFilesSha256() {
    ModelDigest digest = new ModelDigest(List.of());
    digest.update(ByteBuffer.wrap(BYTES));

    assertThat(digest.toHex()).isEqualTo(Sha256.hex(BYTES));
  }

  @Test
  void howTheBytesArriveDoesNotMatter() {
    List<ModelPart> parts = split(12);
    ModelDigest whole = new ModelDigest(parts);
    whole.update(ByteBuffer.wrap(BYTES));
    ModelDigest byteByByte = new ModelDigest(parts);
    for (byte b : BYTES) {
      byteByByte.update(ByteBuffer.wrap(new byte[] {b}));
    }

    assertThat(byteByByte.toHex()).isEqualTo(whole.toHex());
  }

  @Test
  void theSameBytesCutElsewhereOrGivenOtherRolesNameAnotherModel() {
    assertThat(digestOf(split(12)))
        .isNotEqualTo(digestOf(split(13)))
        .isNotEqualTo(Sha256.hex(BYTES))
        .isNotEqualTo(
            digestOf(
                List.of(
                    new ModelPart(ModelPartRole.CAFFE_NETWORK, 12, ""),
                    new ModelPart(ModelPartRole.CAFFE_MEAN, BYTES.length - 12, ""))));
  }

  private static List<ModelPart> split(int networkBytes) {
    return List.of(
        new ModelPart(ModelPartRole.CAFFE_NETWORK, networkBytes, "deploy.prototxt"),
        new ModelPart(ModelPartRole.CAFFE_WEIGHTS, BYTES.length - networkBytes, "net.caffemodel"));
  }

  private static String digestOf(List<ModelPart> parts) {
    ModelDigest digest = new ModelDigest(parts);
    digest.update(ByteBuffer.wrap(BYTES));
    return digest.toHex();
  }
}
