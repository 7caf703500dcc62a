package dev.convscope.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import dev.convscope.store.StoreUnavailableException;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** The statuses the end-to-end tests cannot provoke cheaply: limits, outages, the unexpected. */
class ProblemMapperTest {

  private final ObjectMapper json = new ObjectMapper();
  private final ProblemMapper mapper = new ProblemMapper();

  ProblemMapperTest() {
    mapper.json = json;
  }

  @Test
  void eachGrpcStatusBecomesItsHttpStatusWithTheMessageAsDetail() throws Exception {
    assertProblem(Status.INVALID_ARGUMENT.withDescription("bad image"), 400, "bad image");
    assertProblem(Status.NOT_FOUND.withDescription("no model 'x'"), 404, "no model 'x'");
    assertProblem(Status.RESOURCE_EXHAUSTED.withDescription("over 20 MB"), 413, "over 20 MB");
    assertProblem(Status.INTERNAL.withDescription("it broke"), 500, "it broke");
    assertProblem(Status.DEADLINE_EXCEEDED, 504, "DEADLINE_EXCEEDED");
    assertProblem(Status.INTERNAL, 500, "INTERNAL");
  }

  @Test
  void anUnavailableNeighbourAsksTheClientToRetryLater() throws Exception {
    Response fromGrpc =
        mapper.toResponse(Status.UNAVAILABLE.withDescription("store down").asRuntimeException());
    Response fromStore = mapper.toResponse(new StoreUnavailableException("store down", null));

    for (Response response : new Response[] {fromGrpc, fromStore}) {
      assertThat(response.getStatus()).isEqualTo(503);
      assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
      assertThat(problem(response).detail()).isEqualTo("store down");
    }
  }

  @Test
  void aBusyNeighbourIsTooManyRequestsAndAsksForARetry() throws Exception {
    com.google.rpc.Status busy =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.RESOURCE_EXHAUSTED.value())
            .setMessage("busy: 16 calls already")
            .addDetails(
                Any.pack(
                    ErrorInfo.newBuilder()
                        .setReason(ProblemMapper.BUSY_REASON)
                        .setDomain("visualization.convscope.dev")
                        .build()))
            .build();

    Response response = mapper.toResponse(StatusProto.toStatusRuntimeException(busy));

    assertThat(response.getStatus()).isEqualTo(429);
    assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
    assertThat(problem(response).title()).isEqualTo("Too Many Requests");
    assertThat(problem(response).detail()).isEqualTo("busy: 16 calls already");
  }

  @Test
  void anUnreachableInferenceServiceIsNamed() throws Exception {
    Response response =
        mapper.toResponse(
            Status.UNAVAILABLE
                .withDescription("io exception")
                .withCause(new ConnectException("Connection refused"))
                .asRuntimeException());

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(problem(response).detail())
        .isEqualTo("the inference service cannot be reached: io exception");
  }

  @Test
  void anUnsupportedMediaTypeIs415() throws Exception {
    Response response = mapper.toResponse(new NotSupportedException());

    assertThat(response.getStatus()).isEqualTo(415);
    assertThat(problem(response).title()).isEqualTo("Unsupported Media Type");
  }

  @Test
  void anUnexpectedFailureKeepsItsInternalsToTheLog() throws Exception {
    Response response = mapper.toResponse(new IllegalStateException("secret internals"));

    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(problem(response).detail()).doesNotContain("secret internals");
  }

  private void assertProblem(Status status, int httpStatus, String detail) throws Exception {
    Response response = mapper.toResponse(status.asRuntimeException());

    assertThat(response.getStatus()).as("%s", status.getCode()).isEqualTo(httpStatus);
    assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    Problem problem = problem(response);
    assertThat(problem.status()).isEqualTo(httpStatus);
    assertThat(problem.type()).isEqualTo("about:blank");
    assertThat(problem.detail()).isEqualTo(detail);
  }

  private Problem problem(Response response) throws Exception {
    return json.readValue((String) response.getEntity(), Problem.class);
  }
}
