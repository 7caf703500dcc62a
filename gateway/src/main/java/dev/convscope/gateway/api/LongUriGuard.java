package dev.convscope.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses a request whose URI (path and query) is longer than {@link #MAX_URI_CHARS} with a 414
 * problem, before any route sees it. The HTTP server itself reads request lines of up to 64 KiB
 * ({@code quarkus.http.limits.max-initial-line-length}) so that this guard, not the server's bare
 * 414 with an empty body, is what a client meets; only a line over 64 KiB still gets the bare one.
 */
@ApplicationScoped
public class LongUriGuard {

  /** Far above any real request: a run's longest query, a channel list, fits in a few hundred. */
  public static final int MAX_URI_CHARS = 8192;

  @Inject ObjectMapper json;

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::check);
  }

  private void check(RoutingContext request) {
    int length = request.request().uri().length();
    if (length <= MAX_URI_CHARS) {
      request.next();
      return;
    }
    Problem problem =
        new Problem(
            "about:blank",
            "URI Too Long",
            414,
            "the request's URI has "
                + length
                + " characters; the gateway takes at most "
                + MAX_URI_CHARS
                + ": send long lists in a JSON body (POST /api/v1/runs takes a RunSpec)");
    problem.send(request.response(), json);
  }
}
