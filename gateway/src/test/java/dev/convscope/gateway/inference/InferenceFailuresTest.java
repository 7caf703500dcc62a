package dev.convscope.gateway.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import dev.convscope.gateway.failure.Busy;
import dev.convscope.gateway.failure.GatewayFailure;
import dev.convscope.gateway.failure.InvalidInput;
import dev.convscope.gateway.failure.Misconfigured;
import dev.convscope.gateway.failure.NotFound;
import dev.convscope.gateway.failure.ServiceFailed;
import dev.convscope.gateway.failure.TimedOut;
import dev.convscope.gateway.failure.TooLarge;
import dev.convscope.gateway.failure.Unavailable;
import dev.convscope.gateway.failure.Unexplainable;
import dev.convscope.gateway.failure.Unsuitable;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.net.ConnectException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The inference service's statuses as gateway failures: by code, and by the ErrorInfo reason where
 * one code stands for two things; the service's message is kept.
 */
class InferenceFailuresTest {

  static Stream<Arguments> statuses() {
    return Stream.of(
        arguments(status(Status.Code.INVALID_ARGUMENT, null), InvalidInput.class),
        arguments(status(Status.Code.OUT_OF_RANGE, null), InvalidInput.class),
        arguments(status(Status.Code.FAILED_PRECONDITION, null), Unsuitable.class),
        arguments(
            status(Status.Code.FAILED_PRECONDITION, InferenceFailures.NOT_DIFFERENTIABLE),
            Unexplainable.class),
        arguments(status(Status.Code.NOT_FOUND, "MODEL_NOT_FOUND"), NotFound.class),
        arguments(status(Status.Code.RESOURCE_EXHAUSTED, "IMAGE_TOO_LARGE"), TooLarge.class),
        arguments(
            status(Status.Code.RESOURCE_EXHAUSTED, InferenceFailures.TOO_MANY_CALLS), Busy.class),
        arguments(status(Status.Code.UNAVAILABLE, "STORE_UNAVAILABLE"), Unavailable.class),
        arguments(status(Status.Code.DEADLINE_EXCEEDED, null), TimedOut.class),
        arguments(
            status(Status.Code.INTERNAL, InferenceFailures.STORE_MISCONFIGURED),
            Misconfigured.class),
        arguments(status(Status.Code.INTERNAL, "INTERNAL"), ServiceFailed.class),
        arguments(status(Status.Code.UNKNOWN, null), ServiceFailed.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statuses")
  void eachStatusIsItsGatewayFailureWithTheServicesMessage(
      StatusRuntimeException status, Class<? extends GatewayFailure> expected) {
    GatewayFailure failure = InferenceFailures.of(status);

    assertThat(failure).isInstanceOf(expected).hasCause(status);
    assertThat(failure.getMessage()).contains("what the service said");
  }

  @Test
  void aServiceThatCannotBeReachedIsNamed() {
    GatewayFailure failure =
        InferenceFailures.of(
            Status.UNAVAILABLE
                .withDescription("io exception")
                .withCause(new ConnectException("Connection refused"))
                .asRuntimeException());

    assertThat(failure).isInstanceOf(Unavailable.class);
    assertThat(failure.getMessage())
        .isEqualTo("the inference service cannot be reached: io exception");
  }

  @Test
  void aRunTheServiceBrokeOffIsNamed() {
    GatewayFailure failure =
        InferenceFailures.ofRun(
            Status.UNAVAILABLE
                .withDescription("Network closed for unknown reason")
                .asRuntimeException());

    assertThat(failure).isInstanceOf(Unavailable.class);
    assertThat(failure.getMessage())
        .isEqualTo("the run on the inference service broke off: Network closed for unknown reason");
  }

  private static StatusRuntimeException status(Status.Code code, String reason) {
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage("what the service said");
    if (reason != null) {
      status.addDetails(
          Any.pack(
              ErrorInfo.newBuilder()
                  .setReason(reason)
                  .setDomain("inference.convscope.dev")
                  .build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }
}
