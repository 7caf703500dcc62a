package dev.convscope.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convscope.store.StoreUnavailableException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * Turns every failure into RFC 9457 problem details. A gRPC status from the inference service keeps
 * its message as the detail, since that message names what was wrong (the model, the layer, the
 * image); anything unexpected is logged and answered without internals.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  /** Seconds a client should wait before trying again when a neighbour is down. */
  static final String RETRY_AFTER_SECONDS = "5";

  @Inject ObjectMapper json;

  @Override
  public Response toResponse(Throwable failure) {
    if (failure instanceof StatusRuntimeException e) {
      return fromStatus(e.getStatus());
    }
    if (failure instanceof StatusException e) {
      return fromStatus(e.getStatus());
    }
    if (failure instanceof WebApplicationException e) {
      return problem(e.getResponse().getStatus(), e.getMessage());
    }
    if (failure instanceof StoreUnavailableException e) {
      return unavailable(e.getMessage());
    }
    LOG.error("unexpected failure", failure);
    return problem(500, "unexpected error; the gateway's log has the details");
  }

  private Response fromStatus(Status status) {
    String detail =
        status.getDescription() != null ? status.getDescription() : status.getCode().name();
    if (status.getCause() != null) {
      // Raised on this side of the call (no connection, say): the bare message names no one.
      detail = "the inference service cannot be reached: " + detail;
    }
    return switch (status.getCode()) {
      case INVALID_ARGUMENT -> problem(400, detail);
      case NOT_FOUND -> problem(404, detail);
      case RESOURCE_EXHAUSTED -> problem(413, detail);
      case UNAVAILABLE -> unavailable(detail);
      default -> {
        LOG.errorf("the inference service answered %s: %s", status.getCode(), detail);
        yield problem(500, detail);
      }
    };
  }

  private Response unavailable(String detail) {
    return Response.fromResponse(problem(503, detail))
        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .build();
  }

  private Response problem(int status, String detail) {
    Response.StatusType type = Response.Status.fromStatusCode(status);
    String title = type != null ? type.getReasonPhrase() : "HTTP " + status;
    Problem problem = new Problem("about:blank", title, status, detail);
    String body;
    try {
      // Written here rather than by the message body writers, which may not claim this media type.
      body = json.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
  }
}
