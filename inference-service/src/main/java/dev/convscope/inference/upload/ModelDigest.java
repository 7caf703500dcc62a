package dev.convscope.inference.upload;

import dev.convscope.contract.digest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The digest that names an uploaded model: the SHA-256 of its file; for a model of several parts,
 * of every part's bytes each preceded by its role and size, so the same bytes cut into parts
 * differently (or given other roles) name another model. Fed as the bytes arrive.
 */
final class ModelDigest {

  private final Sha256 sha256 = Sha256.newDigest();
  private final List<ModelPart> parts;
  private int part = -1;
  private long leftInPart;

  ModelDigest(List<ModelPart> parts) {
    this.parts = List.copyOf(parts);
  }

  /** The digest of a whole file of these parts (none for a file of one model). */
  static String of(Path file, List<ModelPart> parts) throws IOException {
    ModelDigest digest = new ModelDigest(parts);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        digest.update(ByteBuffer.wrap(buffer, 0, read));
      }
    }
    return digest.toHex();
  }

  /** Adds the buffer's remaining bytes, the next ones of the file. */
  void update(ByteBuffer bytes) {
    if (parts.isEmpty()) {
      sha256.update(bytes);
      return;
    }
    while (bytes.hasRemaining()) {
      if (leftInPart == 0) {
        startNextPart();
      }
      int take = (int) Math.min(bytes.remaining(), leftInPart);
      ByteBuffer slice = bytes.slice();
      slice.limit(take);
      sha256.update(slice);
      bytes.position(bytes.position() + take);
      leftInPart -= take;
    }
  }

  String toHex() {
    return sha256.toHex();
  }

  private void startNextPart() {
    part++;
    if (part >= parts.size()) {
      throw new IllegalStateException("more bytes than the parts add up to");
    }
    ModelPart next = parts.get(part);
    sha256.update(next.role().key() + " " + next.sizeBytes() + "\n");
    leftInPart = next.sizeBytes();
  }
}
