package dev.convscope.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.rpc.ErrorInfo;
import dev.convscope.gateway.model.NotAModelException;
import dev.convscope.gateway.run.NotAnImageException;
import dev.convscope.store.NoSuchObjectException;
import dev.convscope.store.StoreUnavailableException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * Turns every failure into RFC 9457 problem details. A gRPC status keeps its message as the detail,
 * since that message names what was wrong (the model, the layer, the image); anything unexpected is
 * logged and answered without internals.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  /** Seconds a client should wait before trying again when a neighbour is down or busy. */
  static final String RETRY_AFTER_SECONDS = "5";

  /**
   * The ErrorInfo reason of a call a visualization replica refused for having as many calls as it
   * takes at once: the service is busy, not the request too large.
   */
  static final String BUSY_REASON = "TOO_MANY_CALLS";

  @Inject ObjectMapper json;

  @Override
  public Response toResponse(Throwable failure) {
    Problem problem = describe(failure);
    String body;
    try {
      // Written here rather than by the message body writers, which may not claim this media type.
      body = json.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Response.ResponseBuilder response =
        Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(body);
    if (problem.status() == 503 || problem.status() == 429) {
      response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    if (failure instanceof NotAuthorizedException unauthorized) {
      unauthorized.getChallenges().forEach(c -> response.header(HttpHeaders.WWW_AUTHENTICATE, c));
    }
    return response.build();
  }

  /** The problem details of a failure, as an answer's body or a stream's error event. */
  static Problem describe(Throwable failure) {
    if (failure instanceof NotAnImageException || failure instanceof NotAModelException) {
      return problem(415, ((StatusRuntimeException) failure).getStatus().getDescription());
    }
    if (failure instanceof StatusRuntimeException e) {
      return fromStatus(e.getStatus(), e.getTrailers());
    }
    if (failure instanceof StatusException e) {
      return fromStatus(e.getStatus(), e.getTrailers());
    }
    if (failure instanceof WebApplicationException e) {
      return problem(e.getResponse().getStatus(), e.getMessage());
    }
    if (failure instanceof StoreUnavailableException e) {
      return problem(503, e.getMessage());
    }
    if (failure instanceof NoSuchObjectException e) {
      return problem(404, e.getMessage());
    }

    LOG.error("unexpected failure", failure);
    return problem(500, "unexpected error; the gateway's log has the details");
  }

  /** The HTTP status that stands for a gRPC status code. */
  static int httpStatus(Status.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION -> 400;
      case UNAUTHENTICATED -> 401;
      case NOT_FOUND -> 404;
      case RESOURCE_EXHAUSTED -> 413;
      case UNAVAILABLE -> 503;
      case DEADLINE_EXCEEDED -> 504;
      default -> 500;
    };
  }

  private static Problem fromStatus(Status status, Metadata trailers) {
    String detail =
        status.getDescription() != null ? status.getDescription() : status.getCode().name();
    if (status.getCause() != null) {
      // Raised on this side of the call (no connection, say): the bare message names no one.
      detail = "the inference service cannot be reached: " + detail;
    }
    int http = isBusy(status, trailers) ? 429 : httpStatus(status.getCode());
    if (http == 500) {
      LOG.errorf("a run failed with %s: %s", status.getCode(), detail);
    }
    return problem(http, detail);
  }

  /** True when a neighbour refused the call for having too many under way: 429, not 413. */
  private static boolean isBusy(Status status, Metadata trailers) {
    if (status.getCode() != Status.Code.RESOURCE_EXHAUSTED || trailers == null) {
      return false;
    }
    com.google.rpc.Status details;
    try {
      details = StatusProto.fromStatusAndTrailers(status, trailers);
    } catch (IllegalArgumentException detailsOfAnotherCode) {
      return false;
    }
    return details.getDetailsList().stream()
        .filter(detail -> detail.is(ErrorInfo.class))
        .anyMatch(
            detail -> {
              try {
                return BUSY_REASON.equals(detail.unpack(ErrorInfo.class).getReason());
              } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                return false;
              }
            });
  }

  private static Problem problem(int status, String detail) {
    Response.StatusType type = Response.Status.fromStatusCode(status);
    String title = type != null ? type.getReasonPhrase() : "HTTP " + status;
    return new Problem("about:blank", title, status, detail);
  }
}
