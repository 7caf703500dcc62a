package dev.convscope.contract.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

  /** FIPS 180-2, appendix B.1: SHA-256 of "abc". */
  static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  /** SHA-256 of no bytes at all. */
  static final String NOTHING = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  static final byte[] ABC_BYTES = "abc".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  @Test
  void everyWayOfFeedingTheSameBytesGivesTheKnownDigest() throws Exception {
    Path file = Files.write(dir.resolve("abc"), ABC_BYTES);
    ByteBuffer b = ByteBuffer.wrap(ABC_BYTES, 1, 1);

    assertThat(Sha256.hex(ABC_BYTES)).isEqualTo(ABC);
    assertThat(Sha256.hex(new byte[0])).isEqualTo(NOTHING);
    assertThat(Sha256.hex(new ByteArrayInputStream(ABC_BYTES))).isEqualTo(ABC);
    assertThat(Sha256.hex(file)).isEqualTo(ABC);
    assertThat(
            Sha256.hex(
                List.of(ByteBuffer.wrap(ABC_BYTES, 0, 1), b, ByteBuffer.wrap(ABC_BYTES, 2, 1))))
        .isEqualTo(ABC);
    assertThat(b.position()).as("a buffer is read without moving it").isEqualTo(1);
    assertThat(Sha256.newDigest().update("a").update(ABC_BYTES, 1, 2).toHex()).isEqualTo(ABC);
  }

  @Test
  void aDigestStartsAgainOnceItHasAnswered() {
    Sha256 digest = Sha256.newDigest().update(ABC_BYTES);

    assertThat(digest.toBytes()).hasSize(32);
    assertThat(digest.toHex()).isEqualTo(NOTHING);
  }
}
