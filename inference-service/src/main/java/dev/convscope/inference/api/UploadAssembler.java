package dev.convscope.inference.api;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.ModelUploadHeader;
import dev.convscope.api.v1.UploadModelRequest;
import dev.convscope.inference.upload.IncomingModelFile;
import dev.convscope.inference.upload.ModelTooLargeException;
import dev.convscope.inference.upload.ModelUploads;
import dev.convscope.inference.upload.UploadDescription;
import dev.convscope.inference.upload.UploadOutcome;

/**
 * Puts one UploadModel call back together: a header, then chunks written to a file as they arrive
 * (or, with an object key, none), checking every frame on the way in. The size limit is checked on
 * the header, before any data is taken. One instance per call; frames arrive in order, one at a
 * time.
 */
final class UploadAssembler implements AutoCloseable {

  static final int MAX_CHUNK_BYTES = 1 << 20;

  private final ModelUploads uploads;
  private UploadDescription description;
  private String objectKey = "";
  private long totalBytes;
  private IncomingModelFile file;

  UploadAssembler(ModelUploads uploads) {
    this.uploads = uploads;
  }

  void accept(UploadModelRequest frame) {
    switch (frame.getFrameCase()) {
      case HEADER -> start(frame.getHeader());
      case CHUNK -> append(frame.getChunk());
      default -> throw new IllegalArgumentException("a frame carries neither a header nor a chunk");
    }
  }

  /** Called when the client ends its stream: checks the upload is whole and accepts it. */
  UploadOutcome complete() {
    if (description == null) {
      throw new IllegalArgumentException(
          "the stream ended without a header; send a header frame first");
    }
    if (file == null) {
      return uploads.acceptObject(description, objectKey);
    }
    if (file.size() != totalBytes) {
      throw new IllegalArgumentException(
          "the chunks add up to "
              + file.size()
              + " bytes, but header.total_bytes is "
              + totalBytes);
    }
    return uploads.accept(description, file);
  }

  /** Deletes what was received unless it was accepted. */
  @Override
  public void close() {
    if (file != null) {
      file.close();
    }
  }

  private void start(ModelUploadHeader header) {
    if (description != null) {
      throw new IllegalArgumentException(
          "a second header arrived; send one header, then the chunks");
    }
    UploadDescription described = UploadMapping.toDescription(header);
    if (!header.getObjectKey().isEmpty()) {
      if (header.getTotalBytes() != 0) {
        throw new IllegalArgumentException(
            "header.total_bytes is "
                + header.getTotalBytes()
                + "; it must be 0 when header.object_key names the file");
      }
      objectKey = header.getObjectKey();
    } else if (header.getTotalBytes() <= 0) {
      throw new IllegalArgumentException(
          "header.total_bytes is "
              + header.getTotalBytes()
              + "; give the file's exact size in bytes, or an object_key");
    } else if (header.getTotalBytes() > uploads.maxModelBytes()) {
      throw new ModelTooLargeException(
          "the model file has "
              + header.getTotalBytes()
              + " bytes; the limit is "
              + uploads.maxModelBytes());
    } else {
      totalBytes = header.getTotalBytes();
      file = uploads.receive(described);
    }
    description = described;
  }

  private void append(ByteString chunk) {
    if (description == null) {
      throw new IllegalArgumentException(
          "a chunk arrived before the header; send a header frame first");
    }
    if (file == null) {
      throw new IllegalArgumentException(
          "a chunk arrived, but header.object_key names the file; send no chunks "
              + "with an object key");
    }
    if (chunk.isEmpty()) {
      throw new IllegalArgumentException("an empty chunk; every chunk carries 1 byte to 1 MiB");
    }
    if (chunk.size() > MAX_CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "a chunk of "
              + chunk.size()
              + " bytes is over the limit of "
              + MAX_CHUNK_BYTES
              + " bytes (1 MiB)");
    }
    if (file.size() + chunk.size() > totalBytes) {
      throw new IllegalArgumentException(
          "the chunks add up to more than header.total_bytes ("
              + (file.size() + chunk.size())
              + " > "
              + totalBytes
              + ")");
    }
    chunk.asReadOnlyByteBufferList().forEach(file::append);
  }
}
