package dev.convscope.gateway.inference;

import com.google.protobuf.UnsafeByteOperations;
import dev.convscope.api.v1.InferenceServiceGrpc;
import dev.convscope.api.v1.ModelUploadHeader;
import dev.convscope.api.v1.UploadModelRequest;
import dev.convscope.api.v1.UploadModelResponse;
import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.failure.GatewayFailure;
import dev.convscope.gateway.failure.InvalidInput;
import dev.convscope.gateway.failure.TimedOut;
import dev.convscope.gateway.failure.TooLarge;
import dev.convscope.gateway.failure.Unavailable;
import dev.convscope.streaming.ChunkSender;
import dev.convscope.streaming.ChunkedCall;
import io.grpc.Channel;
import io.grpc.stub.ClientCallStreamObserver;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a model file from a client's request body on to the inference service in 1 MiB chunks, as
 * fast as the service takes them: the file is never held whole in the gateway's memory.
 */
@ApplicationScoped
public class ModelUploader {

  @GrpcClient("inference")
  Channel inference;

  @Inject GatewayConfig config;

  /** Checks the size against the limit before anything is read. */
  public void requireWithinLimit(long totalBytes) {
    if (totalBytes > config.maxModelBytes()) {
      throw new TooLarge(
          "the model file has "
              + totalBytes
              + " bytes; the limit is "
              + config.maxModelBytes()
              + " (convscope.gateway.max-model-bytes)");
    }
  }

  /**
   * Uploads {@code header.total_bytes} bytes read from {@code file}. Fails with a gateway failure:
   * the inference service's refusal, or {@link InvalidInput} when the body is shorter or longer
   * than stated.
   */
  public UploadModelResponse upload(ModelUploadHeader header, InputStream file) {
    requireWithinLimit(header.getTotalBytes());
    byte[] first = read(file, (int) Math.min(ChunkSender.MAX_CHUNK_BYTES, header.getTotalBytes()));
    ModelFiles.requireFormat(header.getFormat(), first);

    CompletableFuture<UploadModelResponse> answer = new CompletableFuture<>();
    ChunkedCall<UploadModelRequest, UploadModelResponse> call = startCall(answer);
    ClientCallStreamObserver<UploadModelRequest> upstream = call.requests();
    try {
      call.sender().send(UploadModelRequest.newBuilder().setHeader(header).build());
      long sent =
          call.sender()
              .sendChunks(
                  new SequenceInputStream(new ByteArrayInputStream(first), file),
                  header.getTotalBytes(),
                  // Each chunk is read into an array of its own, so the message can wrap it.
                  chunk ->
                      UploadModelRequest.newBuilder()
                          .setChunk(UnsafeByteOperations.unsafeWrap(chunk))
                          .build());
      if (answer.isDone()) {
        // The service answered before the end: it refused the file, and its answer says why.
        return answer.get();
      }
      if (sent < header.getTotalBytes()) {
        throw invalid("the body ended after " + sent + " of " + header.getTotalBytes() + " bytes");
      }
      if (file.read() != -1) {
        throw invalid("the body is longer than the " + header.getTotalBytes() + " bytes stated");
      }
      upstream.onCompleted();
      return answer.get(config.runTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (GatewayFailure e) {
      upstream.cancel("upload abandoned", e);
      throw e;
    } catch (IOException e) {
      upstream.cancel("upload abandoned", e);
      throw invalid("the model file could not be read: " + e.getMessage());
    } catch (ExecutionException e) {
      throw InferenceFailures.of(e.getCause());
    } catch (TimeoutException e) {
      upstream.cancel("timed out", e);
      throw new TimedOut("the inference service did not take the model in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      upstream.cancel("interrupted", e);
      throw new Unavailable("the upload was interrupted: the gateway is stopping", e);
    }
  }

  private ChunkedCall<UploadModelRequest, UploadModelResponse> startCall(
      CompletableFuture<UploadModelResponse> answer) {
    ChunkedCall<UploadModelRequest, UploadModelResponse> call =
        ChunkedCall.start(InferenceServiceGrpc.newStub(inference)::uploadModel, answer::complete);
    call.ended()
        .whenComplete(
            (ended, failure) -> {
              if (failure != null) {
                answer.completeExceptionally(failure);
              } else {
                answer.complete(null);
              }
            });
    return call;
  }

  private static byte[] read(InputStream file, int bytes) {
    try {
      return file.readNBytes(bytes);
    } catch (IOException e) {
      throw invalid("the model file could not be read: " + e.getMessage());
    }
  }

  private static InvalidInput invalid(String message) {
    return new InvalidInput(message);
  }
}
