package dev.convscope.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.failure.TooLarge;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * Refuses a model form ({@code multipart/form-data} to {@code POST /api/v1/models}) whose stated
 * length is over the model limit with a 413 problem before any byte of it is read: a form's files
 * are spooled to disk before the resource sees them, so the resource's own check would come only
 * after a 600 MB body had been received. The exact check, on the model files' sizes, follows in the
 * resource.
 */
@ApplicationScoped
public class ModelUploadSizeGuard {

  /** What a form carries besides its model files: fields, part headers, a labels file. */
  static final long FORM_ALLOWANCE_BYTES = 2L << 20;

  @Inject GatewayConfig config;

  @Inject ObjectMapper json;

  void install(@Observes Router router) {
    router.post("/api/v1/models").order(Integer.MIN_VALUE + 1).handler(this::check);
  }

  private void check(RoutingContext request) {
    String type = request.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String length = request.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    long limit = config.maxModelBytes() + FORM_ALLOWANCE_BYTES;
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("multipart/")
        || !over(length, limit)) {
      request.next();
      return;
    }
    Problem problem =
        ProblemMapper.describe(
            new TooLarge(
                "the form has "
                    + length
                    + " bytes; a model may have "
                    + config.maxModelBytes()
                    + " (convscope.gateway.max-model-bytes) and the rest of its form 2 MiB"));
    // The body is not read: the connection cannot carry another request after it.
    request.response().putHeader(HttpHeaders.CONNECTION, "close");
    problem.send(request.response(), json);
  }

  private static boolean over(String contentLength, long limit) {
    try {
      return contentLength != null && Long.parseLong(contentLength.trim()) > limit;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
