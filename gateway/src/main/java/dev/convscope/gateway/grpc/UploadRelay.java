package dev.convscope.gateway.grpc;

import dev.convscope.api.gateway.v1.UploadModelRequest;
import dev.convscope.api.gateway.v1.UploadModelResponse;
import dev.convscope.api.v1.InferenceServiceGrpc;
import dev.convscope.gateway.failure.TooLarge;
import dev.convscope.gateway.inference.InferenceFailures;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * Passes a model upload from a gateway client on to the inference service frame by frame, taking
 * the next frame from the client only when the service can take it, so a large model never piles up
 * in the gateway. A header over the size limit is refused before any chunk is read.
 */
final class UploadRelay implements StreamObserver<UploadModelRequest> {

  private final ServerCallStreamObserver<UploadModelResponse> client;
  private final long maxBytes;
  private final ClientCallStreamObserver<dev.convscope.api.v1.UploadModelRequest> service;
  private final Object lock = new Object();
  private boolean waitingForService;
  private boolean ended;

  UploadRelay(
      ServerCallStreamObserver<UploadModelResponse> client,
      InferenceServiceGrpc.InferenceServiceStub inference,
      long maxBytes) {
    this.client = client;
    this.maxBytes = maxBytes;
    client.disableAutoRequest();
    @SuppressWarnings("unchecked")
    ClientCallStreamObserver<dev.convscope.api.v1.UploadModelRequest>[] started =
        new ClientCallStreamObserver[1];
    inference.uploadModel(
        new ClientResponseObserver<
            dev.convscope.api.v1.UploadModelRequest, dev.convscope.api.v1.UploadModelResponse>() {
          @Override
          public void beforeStart(
              ClientCallStreamObserver<dev.convscope.api.v1.UploadModelRequest> stream) {
            started[0] = stream;
            stream.setOnReadyHandler(UploadRelay.this::serviceReady);
          }

          @Override
          public void onNext(dev.convscope.api.v1.UploadModelResponse response) {
            client.onNext(
                UploadModelResponse.newBuilder()
                    .setSummary(response.getSummary())
                    .setAlreadyStored(response.getAlreadyStored())
                    .build());
          }

          @Override
          public void onError(Throwable failure) {
            end();
            client.onError(GrpcStatuses.of(InferenceFailures.of(failure)));
          }

          @Override
          public void onCompleted() {
            end();
            client.onCompleted();
          }
        });
    this.service = started[0];
    client.setOnCancelHandler(() -> service.cancel("the client cancelled the upload", null));
    client.request(1);
  }

  @Override
  public void onNext(UploadModelRequest frame) {
    if (frame.hasHeader() && frame.getHeader().getTotalBytes() > maxBytes) {
      String message =
          "the model file has "
              + frame.getHeader().getTotalBytes()
              + " bytes; the limit is "
              + maxBytes
              + " (convscope.gateway.max-model-bytes)";
      service.cancel(message, null);
      end();
      client.onError(GrpcStatuses.of(new TooLarge(message)));
      return;
    }
    synchronized (lock) {
      if (ended) {
        return;
      }
      service.onNext(toInference(frame));
      if (service.isReady()) {
        client.request(1);
      } else {
        waitingForService = true;
      }
    }
  }

  @Override
  public void onError(Throwable failure) {
    service.cancel("the client's upload failed", failure);
  }

  @Override
  public void onCompleted() {
    synchronized (lock) {
      if (!ended) {
        service.onCompleted();
      }
    }
  }

  /** The same frame in the inference service's contract. */
  private static dev.convscope.api.v1.UploadModelRequest toInference(UploadModelRequest frame) {
    dev.convscope.api.v1.UploadModelRequest.Builder same =
        dev.convscope.api.v1.UploadModelRequest.newBuilder();
    switch (frame.getFrameCase()) {
      case HEADER -> same.setHeader(frame.getHeader());
      case CHUNK -> same.setChunk(frame.getChunk());
      case FRAME_NOT_SET -> {
        // Passed on empty: the inference service names the mistake.
      }
    }
    return same.build();
  }

  private void serviceReady() {
    synchronized (lock) {
      if (waitingForService && !ended) {
        waitingForService = false;
        client.request(1);
      }
    }
  }

  private void end() {
    synchronized (lock) {
      ended = true;
    }
  }
}
