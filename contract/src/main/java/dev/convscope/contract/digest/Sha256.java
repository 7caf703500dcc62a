package dev.convscope.contract.digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in lower-case hex, the digest every key in the bucket is addressed by: images, models and
 * whatever else is named by its content. The static methods digest what is at hand in one call; an
 * instance digests what arrives in parts ({@link #update}), then answers once ({@link #toHex}).
 * Buffers are read from their position to their limit and left as they were. An instance is for one
 * thread.
 */
public final class Sha256 {

  private static final HexFormat HEX = HexFormat.of();

  private final MessageDigest digest;

  private Sha256() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** A digest to feed in parts. */
  public static Sha256 newDigest() {
    return new Sha256();
  }

  /** The hex SHA-256 of {@code bytes}. */
  public static String hex(byte[] bytes) {
    return newDigest().update(bytes).toHex();
  }

  /** The hex SHA-256 of the buffers' remaining bytes, one after the other. */
  public static String hex(Iterable<ByteBuffer> buffers) {
    return newDigest().update(buffers).toHex();
  }

  /** The hex SHA-256 of what is left in {@code in}, read to its end (not closed). */
  public static String hex(InputStream in) throws IOException {
    Sha256 digest = newDigest();
    byte[] buffer = new byte[1 << 16];
    for (int read; (read = in.read(buffer)) >= 0; ) {
      digest.update(buffer, 0, read);
    }
    return digest.toHex();
  }

  /** The hex SHA-256 of a file's bytes. */
  public static String hex(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return hex(in);
    }
  }

  public Sha256 update(byte[] bytes) {
    digest.update(bytes);
    return this;
  }

  public Sha256 update(byte[] bytes, int offset, int length) {
    digest.update(bytes, offset, length);
    return this;
  }

  /** Adds the buffer's remaining bytes; its position does not move. */
  public Sha256 update(ByteBuffer bytes) {
    digest.update(bytes.duplicate());
    return this;
  }

  /** Adds each buffer's remaining bytes in turn (a protobuf ByteString's buffer list, say). */
  public Sha256 update(Iterable<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      update(buffer);
    }
    return this;
  }

  /** Adds the text's UTF-8 bytes. */
  public Sha256 update(String text) {
    return update(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The 32 bytes of the digest; the instance starts again, empty. */
  public byte[] toBytes() {
    return digest.digest();
  }

  /** The digest in 64 lower-case hex digits; the instance starts again, empty. */
  public String toHex() {
    return HEX.formatHex(toBytes());
  }
}
