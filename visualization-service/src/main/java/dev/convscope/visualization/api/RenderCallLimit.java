package dev.convscope.visualization.api;

import com.google.rpc.Code;
import dev.convscope.api.v1.VisualizationServiceGrpc;
import dev.convscope.visualization.config.VisualizationConfig;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the RenderTensors calls in flight on this replica (convscope.visualization
 * .max-concurrent-calls). A call past the bound is refused before any of its frames is read, with
 * RESOURCE_EXHAUSTED and the reason {@value #REASON}, so that when the store is slow the callers
 * learn it at once instead of queueing for ever. A slot is freed when its call ends, however it
 * ends.
 */
@ApplicationScoped
@GlobalInterceptor
public class RenderCallLimit implements ServerInterceptor {

  /** The ErrorInfo reason of a refused call: busy, try again shortly. */
  public static final String REASON = "TOO_MANY_CALLS";

  private static final String RENDER_TENSORS =
      VisualizationServiceGrpc.getRenderTensorsMethod().getFullMethodName();

  private final int limit;
  private final Semaphore slots;

  public RenderCallLimit(VisualizationConfig config) {
    this.limit = config.maxConcurrentCalls();
    this.slots = new Semaphore(limit);
  }

  /** Calls in flight right now. */
  public int inFlight() {
    return limit - slots.availablePermits();
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    if (!call.getMethodDescriptor().getFullMethodName().equals(RENDER_TENSORS)) {
      return next.startCall(call, headers);
    }
    if (!slots.tryAcquire()) {
      StatusRuntimeException busy =
          GrpcErrors.status(
              Code.RESOURCE_EXHAUSTED,
              REASON,
              "busy: this replica is drawing "
                  + limit
                  + " calls already, the most it takes at once"
                  + " (convscope.visualization.max-concurrent-calls); try again shortly");
      call.close(busy.getStatus(), busy.getTrailers());
      return new ServerCall.Listener<>() {};
    }
    AtomicBoolean held = new AtomicBoolean(true);
    Runnable release =
        () -> {
          if (held.getAndSet(false)) {
            slots.release();
          }
        };
    ServerCall<Q, A> releasingOnClose =
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            try {
              super.close(status, trailers);
            } finally {
              release.run();
            }
          }
        };
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(releasingOnClose, headers);
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
    // A call the client cancels may never be closed by the service: free its slot here too.
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          release.run();
        }
      }

      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          release.run();
        }
      }
    };
  }
}
