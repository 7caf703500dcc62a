package dev.convscope.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
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
import dev.convscope.gateway.failure.UnsupportedMedia;
import dev.convscope.gateway.grpc.GrpcStatuses;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every gateway failure through both edges, REST's ExceptionMapper and gRPC's status mapping, as
 * docs/errors.md tabulates them: the same failure gets the paired HTTP status and gRPC code, its
 * message as the problem's detail and the status's description, its kind as the reason in both, and
 * when to try again (Retry-After, RetryInfo) exactly when it passes.
 */
class FailureMappingTest {

  private final ObjectMapper json = new ObjectMapper();
  private final ProblemMapper rest = new ProblemMapper();

  FailureMappingTest() {
    rest.json = json;
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        arguments(new NotFound("there is no job 'x'"), 404, Status.Code.NOT_FOUND),
        arguments(new InvalidInput("top_k must be at least 1"), 400, Status.Code.INVALID_ARGUMENT),
        arguments(
            new UnsupportedMedia("the image is neither PNG nor JPEG"),
            415,
            Status.Code.INVALID_ARGUMENT),
        arguments(
            new Unsuitable("the model 'x' names no classes"), 400, Status.Code.FAILED_PRECONDITION),
        arguments(
            new Unexplainable("layer round has no backward pass", null),
            422,
            Status.Code.FAILED_PRECONDITION),
        arguments(
            new TooLarge("the image has 9 bytes; the limit is 8"),
            413,
            Status.Code.RESOURCE_EXHAUSTED),
        arguments(new Busy("busy: 16 calls under way", null), 429, Status.Code.RESOURCE_EXHAUSTED),
        arguments(
            new Unavailable("the object store at http://s3 does not answer"),
            503,
            Status.Code.UNAVAILABLE),
        arguments(
            new TimedOut("the inference service did not answer in time"),
            504,
            Status.Code.DEADLINE_EXCEEDED),
        arguments(
            new Misconfigured("the object store refused the credentials for bucket 'b'"),
            500,
            Status.Code.INTERNAL),
        arguments(
            new ServiceFailed("the inference service failed (INTERNAL): it broke"),
            500,
            Status.Code.INTERNAL));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void restAnswersEachFailureWithItsStatusAndProblemDetails(
      GatewayFailure failure, int http, Status.Code grpc) throws Exception {
    Response response = rest.toResponse(failure);

    assertThat(response.getStatus()).isEqualTo(http);
    assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
    Problem problem = json.readValue((String) response.getEntity(), Problem.class);
    assertThat(problem.status()).isEqualTo(http);
    assertThat(problem.type()).isEqualTo("about:blank");
    assertThat(problem.title())
        .isEqualTo(
            http == 422
                ? "Unprocessable Content"
                : Response.Status.fromStatusCode(http).getReasonPhrase());
    assertThat(problem.detail()).isEqualTo(failure.getMessage());
    assertThat(problem.reason()).isEqualTo(failure.reason());
    assertThat(response.getHeaderString("Retry-After")).isEqualTo(passes(failure) ? "5" : null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void grpcAnswersEachFailureWithItsCodeAndDetails(
      GatewayFailure failure, int http, Status.Code grpc) throws Exception {
    StatusRuntimeException status = GrpcStatuses.of(failure);

    assertThat(status.getStatus().getCode()).isEqualTo(grpc);
    assertThat(status.getStatus().getDescription()).isEqualTo(failure.getMessage());
    ErrorInfo info = detail(status, ErrorInfo.class).orElseThrow();
    assertThat(info.getReason()).isEqualTo(failure.reason());
    assertThat(info.getDomain()).isEqualTo(GrpcStatuses.DOMAIN);
    assertThat(detail(status, RetryInfo.class).map(r -> r.getRetryDelay().getSeconds()))
        .isEqualTo(passes(failure) ? Optional.of(5L) : Optional.empty());
  }

  @Test
  void everyKindOfFailureIsInTheTable() {
    List<Class<?>> inTheTable = failures().<Class<?>>map(row -> row.get()[0].getClass()).toList();
    assertThat(inTheTable)
        .containsExactlyInAnyOrderElementsOf(
            List.of(GatewayFailure.class.getPermittedSubclasses()));
  }

  @Test
  void reasonsNameTheKindOfFailure() {
    assertThat(new NotFound("x").reason()).isEqualTo("NOT_FOUND");
    assertThat(new UnsupportedMedia("x").reason()).isEqualTo("UNSUPPORTED_MEDIA");
    assertThat(new Misconfigured("x").reason()).isEqualTo("MISCONFIGURED");
  }

  @Test
  void errorsOfHttpItselfKeepTheirStatus() throws Exception {
    Response response = rest.toResponse(new NotSupportedException());

    assertThat(response.getStatus()).isEqualTo(415);
    Problem problem = json.readValue((String) response.getEntity(), Problem.class);
    assertThat(problem.title()).isEqualTo("Unsupported Media Type");
    assertThat(problem.reason()).isNull();
  }

  @Test
  void anUnexpectedFailureKeepsItsInternalsToTheLogOnBothEdges() throws Exception {
    IllegalStateException unexpected = new IllegalStateException("secret internals");

    Response response = rest.toResponse(unexpected);
    StatusRuntimeException status = GrpcStatuses.of(unexpected);

    assertThat(response.getStatus()).isEqualTo(500);
    assertThat((String) response.getEntity()).doesNotContain("secret internals");
    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getStatus().getDescription()).doesNotContain("secret internals");
  }

  private static boolean passes(GatewayFailure failure) {
    return List.of(Busy.class, Unavailable.class).contains(failure.getClass());
  }

  private static <T extends com.google.protobuf.Message> Optional<T> detail(
      StatusRuntimeException status, Class<T> type) throws Exception {
    for (Any detail : StatusProto.fromThrowable(status).getDetailsList()) {
      if (detail.is(type)) {
        return Optional.of(detail.unpack(type));
      }
    }
    return Optional.empty();
  }
}
