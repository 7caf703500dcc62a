package dev.convscope.gateway.security;

import dev.convscope.gateway.config.GatewayConfig;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

/**
 * Requires the API key on every gRPC call of the gateway's own services when one is configured
 * (metadata {@code authorization: Bearer KEY} or {@code x-api-key: KEY}); the health and reflection
 * services stay open.
 */
@ApplicationScoped
@GlobalInterceptor
public class ApiKeyInterceptor implements ServerInterceptor {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> API_KEY =
      Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

  // Read on the first call: this may be built before the application's settings are.
  @Inject Provider<GatewayConfig> config;

  private volatile ApiKeys keys;

  private ApiKeys keys() {
    ApiKeys known = keys;
    if (known == null) {
      known = new ApiKeys(config.get().apiKey());
      keys = known;
    }
    return known;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String service = call.getMethodDescriptor().getServiceName();
    boolean open =
        service != null
            && (service.startsWith("grpc.health.") || service.startsWith("grpc.reflection."));
    if (open || keys().admits(headers.get(AUTHORIZATION), headers.get(API_KEY))) {
      return next.startCall(call, headers);
    }
    call.close(
        Status.UNAUTHENTICATED.withDescription(
            "this gateway requires an API key: send it as metadata 'authorization: Bearer KEY'"
                + " or 'x-api-key: KEY'"),
        new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
