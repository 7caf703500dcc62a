package dev.convscope.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;

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
}
