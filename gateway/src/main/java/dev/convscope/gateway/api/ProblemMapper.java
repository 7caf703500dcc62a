package dev.convscope.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The REST face of every failure, in one place: RFC 9457 problem details. A gateway failure keeps
 * its message as the detail, since that message names what was wrong (the model, the layer, the
 * image, the bucket), and its kind as the {@code reason}; one that passes says when to try again
 * (Retry-After). Errors of HTTP itself (an unknown path, a refused media type) keep their status;
 * anything unexpected is logged and answered without internals.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  private static final Map<Class<? extends GatewayFailure>, Integer> STATUSES =
      Map.ofEntries(
          Map.entry(NotFound.class, 404),
          Map.entry(InvalidInput.class, 400),
          Map.entry(UnsupportedMedia.class, 415),
          Map.entry(Unsuitable.class, 400),
          Map.entry(Unexplainable.class, 422),
          Map.entry(TooLarge.class, 413),
          Map.entry(Busy.class, 429),
          Map.entry(Unavailable.class, 503),
          Map.entry(TimedOut.class, 504),
          Map.entry(Misconfigured.class, 500),
          Map.entry(ServiceFailed.class, 500));

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
    retryAfter(failure, problem.status())
        .ifPresent(wait -> response.header(HttpHeaders.RETRY_AFTER, wait.toSeconds()));
    if (failure instanceof NotAuthorizedException unauthorized) {
      unauthorized.getChallenges().forEach(c -> response.header(HttpHeaders.WWW_AUTHENTICATE, c));
    }
    return response.build();
  }

  /** The problem details of a failure, as an answer's body or a stream's error event. */
  static Problem describe(Throwable failure) {
    if (failure instanceof GatewayFailure known) {
      int status = STATUSES.get(known.getClass());
      if (status == 500) {
        LOG.errorf("answered 500: %s", known.getMessage());
      }
      return problem(status, known.getMessage(), known.reason());
    }
    if (failure instanceof WebApplicationException e) {
      return problem(e.getResponse().getStatus(), e.getMessage(), null);
    }
    LOG.error("unexpected failure", failure);
    return problem(500, "unexpected error; the gateway's log has the details", null);
  }

  /** When a client may ask again: as the failure says, or the default for a 503 or a 429. */
  private static Optional<Duration> retryAfter(Throwable failure, int status) {
    if (failure instanceof GatewayFailure known) {
      return known.retryAfter();
    }
    return status == 503 || status == 429
        ? Optional.of(GatewayFailure.DEFAULT_RETRY_AFTER)
        : Optional.empty();
  }

  private static Problem problem(int status, String detail, String reason) {
    String title = title(status);
    return new Problem("about:blank", title, status, detail, reason);
  }

  /** The status's reason phrase; JAX-RS names no 422, RFC 9110 calls it Unprocessable Content. */
  static String title(int status) {
    if (status == 422) {
      return "Unprocessable Content";
    }
    Response.StatusType type = Response.Status.fromStatusCode(status);
    return type != null ? type.getReasonPhrase() : "HTTP " + status;
  }
}
