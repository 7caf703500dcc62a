package dev.convscope.visualization.api;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * From the moment the process is told to stop (SIGTERM), new calls are refused with UNAVAILABLE
 * before they do anything, while the calls already running finish ({@code quarkus.shutdown.timeout}
 * waits for them). A refused RenderTensors call is retried by the inference service's channel on
 * another replica, so a rolling restart fails no call. Serving new calls instead would keep the
 * drain from ever ending under steady load, and the calls still running at its deadline would be
 * cut.
 */
@ApplicationScoped
@GlobalInterceptor
public class DrainOnShutdown implements ServerInterceptor {

  private volatile boolean stopping;

  void watchForShutdown(@Observes StartupEvent started) {
    // JVM shutdown hooks all start on SIGTERM, beside Quarkus' own graceful shutdown.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopping = true, "drain-on-shutdown"));
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    if (stopping) {
      call.close(
          Status.UNAVAILABLE.withDescription(
              "this visualization service is shutting down; try another replica"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
