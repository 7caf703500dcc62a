package dev.convscope.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** A plain HTTP client of the gateway for the tests: streamed runs, and pictures behind URLs. */
public final class RunClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;

  public RunClient(URI base) {
    this.base = base;
  }

  /** Starts a streamed run; the caller reads the events as they come. */
  public HttpResponse<Stream<String>> stream(String query, byte[] image, String accept)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/api/v1/runs?" + query))
            .header("Content-Type", "image/png")
            .header("Accept", accept)
            .POST(HttpRequest.BodyPublishers.ofByteArray(image))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofLines());
  }

  /** A whole NDJSON run, one node per line. */
  public List<JsonNode> ndjson(String query, byte[] image) throws Exception {
    HttpResponse<Stream<String>> response = stream(query, image, "application/x-ndjson");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/x-ndjson"));
    try (Stream<String> lines = response.body()) {
      return lines.filter(line -> !line.isBlank()).map(RunClient::parse).toList();
    }
  }

  /** GETs a URL (the gateway's own path, or absolute) and answers the status and body. */
  public HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Fetches every picture of a layer and checks it is a PNG of the stated size. */
  public void assertPicturesServed(JsonNode layer) throws Exception {
    Iterator<JsonNode> pictures = layer.get("pictures").elements();
    assertThat(pictures.hasNext()).as("pictures of %s", layer.get("name")).isTrue();
    while (pictures.hasNext()) {
      JsonNode picture = pictures.next();
      HttpResponse<byte[]> response = get(picture.get("url").asText());
      assertThat(response.statusCode()).as("%s", picture).isEqualTo(200);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
      assertThat(image).as("a PNG for %s", picture).isNotNull();
      assertThat(image.getWidth()).as("%s", picture).isEqualTo(picture.get("width").asInt());
      assertThat(image.getHeight()).as("%s", picture).isEqualTo(picture.get("height").asInt());
      assertThat((long) response.body().length).isEqualTo(picture.get("size_bytes").asLong());
    }
  }

  public static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
