package dev.convscope.gateway.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convscope.gateway.api.RunClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One run of an image through the REST API (POST /api/v1/runs, one JSON answer), as the client saw
 * it: when it started and ended, the status (-1 when no answer came), and the answer.
 */
record RunCall(
    int image,
    Instant started,
    Instant ended,
    int status,
    Optional<String> contentType,
    Optional<String> retryAfter,
    String body) {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Runs {@code png} (image number {@code image}) through the built-in Fashion-MNIST model. */
  static RunCall post(URI gateway, int image, byte[] png) {
    HttpRequest request =
        HttpRequest.newBuilder(gateway.resolve("/api/v1/runs?model=fashion-mnist"))
            .header("Content-Type", "image/png")
            .header("Accept", "application/json")
            // Past the gateway's own deadline for a run (2 min), so that one is what answers.
            .timeout(Duration.ofMinutes(3))
            .POST(HttpRequest.BodyPublishers.ofByteArray(png))
            .build();
    Instant started = Instant.now();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new RunCall(
          image,
          started,
          Instant.now(),
          response.statusCode(),
          response.headers().firstValue("Content-Type"),
          response.headers().firstValue("Retry-After"),
          response.body());
    } catch (IOException e) {
      return new RunCall(
          image, started, Instant.now(), -1, Optional.empty(), Optional.empty(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running image " + image, e);
    }
  }

  boolean completed() {
    return status == 200;
  }

  JsonNode json() {
    return RunClient.parse(body);
  }

  /** A problem+json answer with a detail, as every failure must be. */
  boolean isProblemWithDetail() {
    return contentType.filter(type -> type.startsWith("application/problem+json")).isPresent()
        && json().path("status").asInt() == status
        && !json().path("detail").asText().isBlank();
  }

  @Override
  public String toString() {
    return "image " + image + ": " + status + " " + body;
  }
}
