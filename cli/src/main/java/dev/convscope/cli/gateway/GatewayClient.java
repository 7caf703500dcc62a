package dev.convscope.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import org.apache.hc.core5.http.HttpEntity;

/** The gateway's REST API as the command-line tools use it: JSON in, JSON out. */
final class GatewayClient {

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI gateway;
  private final String apiKey;

  GatewayClient(URI gateway, String apiKey) {
    this.gateway = gateway;
    this.apiKey = apiKey;
  }

  /** Adds the API key, when there is one, to a request for the gateway. */
  static HttpRequest.Builder withKey(HttpRequest.Builder request, String apiKey) {
    return apiKey == null || apiKey.isBlank() ? request : request.header("X-API-Key", apiKey);
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(gateway.resolve(path)).GET());
  }

  JsonNode delete(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(gateway.resolve(path)).DELETE());
  }

  JsonNode postJson(String path, Object body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(gateway.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
  }

  JsonNode postFile(String path, Path file) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(gateway.resolve(path))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofFile(file)));
  }

  /**
   * Sends a form ({@code multipart/form-data}) with its exact length, so the gateway can refuse one
   * over its limit before reading it; {@code sent} hears how many bytes have gone.
   */
  JsonNode postForm(String path, HttpEntity form, LongConsumer sent)
      throws IOException, InterruptedException {
    PipedInputStream body = new PipedInputStream(1 << 16);
    PipedOutputStream writer = new PipedOutputStream(body);
    Thread writing =
        new Thread(
            () -> {
              try (OutputStream out = new CountingOutputStream(writer, sent)) {
                form.writeTo(out);
              } catch (IOException e) {
                // The request was abandoned (refused early, say): its answer tells why.
              }
            },
            "form-writer");
    writing.setDaemon(true);
    writing.start();
    try {
      return send(
          HttpRequest.newBuilder(gateway.resolve(path))
              .header("Content-Type", form.getContentType())
              .POST(
                  HttpRequest.BodyPublishers.fromPublisher(
                      HttpRequest.BodyPublishers.ofInputStream(() -> body),
                      form.getContentLength())));
    } finally {
      body.close();
    }
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            withKey(request, apiKey).header("Accept", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new GatewayException(problemDetail(response.statusCode(), response.body()));
    }
    return JSON.readTree(response.body());
  }

  /** The problem's detail, or what the gateway answered when it is not problem details. */
  static String problemDetail(int status, String body) {
    try {
      JsonNode problem = JSON.readTree(body);
      if (problem != null && problem.hasNonNull("detail")) {
        return problem.get("detail").asText() + " (HTTP " + status + ")";
      }
    } catch (IOException e) {
      // Not JSON: show what came.
    }
    return "the gateway answered HTTP " + status + (body.isBlank() ? "" : ": " + body);
  }

  /** The gateway refused a request; the message says why. */
  static final class GatewayException extends IOException {
    GatewayException(String message) {
      super(message);
    }
  }

  /** Counts the bytes written through it. */
  private static final class CountingOutputStream extends FilterOutputStream {

    private final LongConsumer sent;
    private long count;

    CountingOutputStream(OutputStream out, LongConsumer sent) {
      super(out);
      this.sent = sent;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      count += length;
      sent.accept(count);
    }
  }
}
