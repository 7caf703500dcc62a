package dev.convscope.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * An error as RFC 9457 problem details.
 *
 * @param reason an extension member: the gateway failure's kind (NOT_FOUND, BUSY, MISCONFIGURED,
 *     …), as a gRPC status's ErrorInfo names it; absent for errors of HTTP itself
 */
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** A problem of HTTP itself (an unknown path, a URI too long), with no gateway reason. */
  public Problem(String type, String title, int status, String detail) {
    this(type, title, status, detail, null);
  }

  /** Answers with this problem straight from a route, before any resource sees the request. */
  void send(HttpServerResponse response, ObjectMapper json) {
    try {
      response
          .setStatusCode(status)
          .putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE)
          .end(json.writeValueAsString(this));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a problem always writes as JSON", e);
    }
  }
}
