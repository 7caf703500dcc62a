package dev.convscope.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.localstore.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoublePredicate;

/** A service process's Prometheus metrics ({@code /q/metrics}), read as the scraper reads them. */
public final class ProcessMetrics {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ProcessMetrics() {}

  /** The metric's value summed over its labels; 0 when the service has not reported it yet. */
  public static double value(ServiceProcess service, String metric) {
    return value(service, metric, "");
  }

  /**
   * The metric's value summed over the series whose labels contain {@code label} (such as {@code
   * method="Visualize"}); 0 when there is none yet.
   */
  public static double value(ServiceProcess service, String metric, String label) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/q/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    String text;
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("/q/metrics").isEqualTo(200);
      text = response.body();
    } catch (IOException e) {
      throw new IllegalStateException("/q/metrics could not be read: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    double sum = 0;
    for (String line : text.split("\n")) {
      boolean series = line.startsWith(metric + " ") || line.startsWith(metric + "{");
      if (series && line.contains(label)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** Polls the metric until it satisfies {@code wanted}; fails with its last value otherwise. */
  public static double await(
      ServiceProcess service, String metric, DoublePredicate wanted, String what, Duration within)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (true) {
      double value = value(service, metric);
      if (wanted.test(value)) {
        return value;
      }
      assertThat(Instant.now())
          .as("%s: %s is still %s after %s", what, metric, value, within)
          .isBefore(deadline);
      Thread.sleep(100);
    }
  }
}
