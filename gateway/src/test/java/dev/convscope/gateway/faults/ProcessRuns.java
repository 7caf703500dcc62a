package dev.convscope.gateway.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convscope.gateway.api.RunClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Runs images through the gateway's REST API from several client threads at once, as one JSON
 * answer or streamed as NDJSON (alternately), and tells how each ended. A run with no answer within
 * its time is a hang, and ends the test.
 */
final class ProcessRuns implements AutoCloseable {

  static final Duration RUN_WITHIN = Duration.ofSeconds(120);

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI gateway;
  private final String query;
  private final ExecutorService clients;
  private final List<Future<ProcessRunOutcome>> runs = new ArrayList<>();

  ProcessRuns(URI gateway, String query, int clients) {
    this.gateway = gateway;
    this.query = query;
    this.clients = Executors.newFixedThreadPool(clients);
  }

  /** Queues {@code count} runs, image {@code i} given by {@code images}. */
  void submit(int count, IntFunction<byte[]> images) {
    for (int i = 0; i < count; i++) {
      byte[] image = images.apply(i);
      boolean streamed = i % 2 == 0;
      runs.add(clients.submit(() -> run(image, streamed)));
    }
  }

  /** How many runs have ended so far. */
  long ended() {
    return runs.stream().filter(Future::isDone).count();
  }

  /** Waits until {@code count} runs have ended. */
  void awaitEnded(int count) throws InterruptedException {
    long deadline = System.nanoTime() + RUN_WITHIN.toNanos();
    while (ended() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(count + " runs did not end within " + RUN_WITHIN);
      }
      Thread.sleep(20);
    }
  }

  /** Every run's outcome, in the order submitted. */
  List<ProcessRunOutcome> outcomes() throws InterruptedException, ExecutionException {
    List<ProcessRunOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      try {
        outcomes.add(runs.get(i).get(RUN_WITHIN.toSeconds(), TimeUnit.SECONDS));
      } catch (TimeoutException e) {
        throw new AssertionError("run " + i + " had no answer within " + RUN_WITHIN + ": a hang");
      }
    }
    return outcomes;
  }

  /** One run: its outcome as the caller sees it. */
  ProcessRunOutcome run(byte[] image, boolean streamed) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(gateway.resolve("/api/v1/runs?" + query))
            .header("Content-Type", "image/png")
            .header("Accept", streamed ? "application/x-ndjson" : "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(image))
            .build();
    HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    List<String> lines;
    try (Stream<String> body = response.body()) {
      lines = body.filter(line -> !line.isBlank()).toList();
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (response.statusCode() != 200) {
      return refused(response.statusCode(), type, String.join("\n", lines));
    }
    return streamed ? streamOutcome(lines) : documentOutcome(lines);
  }

  @Override
  public void close() {
    clients.shutdownNow();
  }

  private static ProcessRunOutcome refused(int status, String type, String body) {
    if (status == 503 && type.startsWith("application/problem+json")) {
      return problemOutcome(RunClient.parse(body));
    }
    return ProcessRunOutcome.other("HTTP " + status + " " + type + ": " + body);
  }

  private static ProcessRunOutcome problemOutcome(JsonNode problem) {
    String detail = problem.path("detail").asText("");
    if (problem.path("status").asInt() == 503 && !detail.isBlank()) {
      return ProcessRunOutcome.unavailable(detail);
    }
    return ProcessRunOutcome.other("problem " + problem);
  }

  /** NDJSON: complete when the finished event follows every layer the started event announced. */
  private static ProcessRunOutcome streamOutcome(List<String> lines) {
    if (lines.isEmpty()) {
      return ProcessRunOutcome.other("an empty stream");
    }
    JsonNode started = RunClient.parse(lines.get(0));
    JsonNode last = RunClient.parse(lines.get(lines.size() - 1));
    long layers = lines.stream().filter(line -> line.contains("\"type\":\"layer\"")).count();
    switch (last.path("type").asText()) {
      case "finished" -> {
        if (layers == started.path("layer_count").asInt() && last.hasNonNull("manifest_url")) {
          return ProcessRunOutcome.complete((int) layers);
        }
        return ProcessRunOutcome.other(layers + " layers of " + started + ", then " + last);
      }
      case "error" -> {
        return problemOutcome(last.path("problem"));
      }
      default -> {
        return ProcessRunOutcome.other("the stream ended with " + last);
      }
    }
  }

  /** One JSON document: complete when it names its manifest and has layers. */
  private static ProcessRunOutcome documentOutcome(List<String> lines) {
    JsonNode result = RunClient.parse(String.join("\n", lines));
    int layers = result.path("layers").size();
    if (result.hasNonNull("manifest_url") && layers > 0) {
      return ProcessRunOutcome.complete(layers);
    }
    return ProcessRunOutcome.other("an incomplete result " + result);
  }
}
