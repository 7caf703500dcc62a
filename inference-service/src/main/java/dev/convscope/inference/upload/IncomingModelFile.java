package dev.convscope.inference.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A model file being received: written to disk as it arrives (a model can be larger than any Java
 * array), counted against the size limit, and hashed on the way. Deleted on close unless it was
 * moved into the cache. For one receiving thread at a time.
 */
public final class IncomingModelFile implements AutoCloseable {

  private final Path path;
  private final long maxBytes;
  private final FileChannel channel;
  private final ModelDigest digester;
  private long size;
  private String digest;

  IncomingModelFile(Path path, long maxBytes, ModelDigest digester) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.digester = digester;
    try {
      this.channel =
          FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create " + path.getFileName() + " in the model cache", e);
    }
  }

  /** Appends the buffer's remaining bytes. */
  public void append(ByteBuffer bytes) {
    if (digest != null) {
      throw new IllegalStateException("the file is complete");
    }
    if (size + bytes.remaining() > maxBytes) {
      throw new ModelTooLargeException(
          "the model file is over the limit of " + maxBytes + " bytes");
    }
    size += bytes.remaining();
    digester.update(bytes.duplicate());
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model file to the model cache", e);
    }
  }

  /** Bytes received so far. */
  public long size() {
    return size;
  }

  /** Ends the file; returns its digest (see {@link ModelDigest}). */
  String complete() {
    if (digest == null) {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the model file to the model cache", e);
      }
      digest = digester.toHex();
    }
    return digest;
  }

  Path path() {
    return path;
  }

  /** Deletes the file unless it was moved away. */
  @Override
  public void close() {
    try {
      channel.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete " + path.getFileName() + " from the model cache", e);
    }
  }
}
