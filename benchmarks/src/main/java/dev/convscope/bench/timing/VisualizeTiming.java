package dev.convscope.bench.timing;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.InferenceServiceGrpc;
import dev.convscope.api.v1.VisualizeRequest;
import dev.convscope.api.v1.VisualizeResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Times Visualize calls against a running inference service: from the request to the predictions,
 * and to the last layer stored. Usage: {@code VisualizeTiming HOST:PORT MODEL IMAGE [RUNS]
 * [--skip-weights]}. The first run (cold: weights drawn too) is reported apart; the median covers
 * the rest (warm: weights answered from the first run).
 */
public final class VisualizeTiming {

  private VisualizeTiming() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: VisualizeTiming HOST:PORT MODEL IMAGE [RUNS] [--skip-weights]");
      System.exit(2);
    }
    String[] address = args[0].split(":");
    int runs = args.length > 3 && !args[3].startsWith("--") ? Integer.parseInt(args[3]) : 6;
    boolean skipWeights = Arrays.asList(args).contains("--skip-weights");
    VisualizeRequest request =
        VisualizeRequest.newBuilder()
            .setModel(args[1])
            .setImage(ByteString.copyFrom(Files.readAllBytes(Path.of(args[2]))))
            .setSkipWeights(skipWeights)
            .build();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress(address[0], Integer.parseInt(address[1]))
            .usePlaintext()
            .maxInboundMessageSize(16 << 20)
            .build();
    try {
      double[] toLast = new double[runs];
      double[] toPredictions = new double[runs];
      for (int run = 0; run < runs; run++) {
        long start = System.nanoTime();
        long predictions = 0;
        int layers = 0;
        Iterator<VisualizeResponse> events =
            InferenceServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.MINUTES)
                .visualize(request);
        while (events.hasNext()) {
          VisualizeResponse event = events.next();
          if (event.hasPredictions()) {
            predictions = System.nanoTime();
          } else if (event.hasLayer()) {
            layers++;
          }
        }
        toPredictions[run] = (predictions - start) / 1e6;
        toLast[run] = (System.nanoTime() - start) / 1e6;
        System.out.printf(
            "run %d: predictions after %.1f ms, %d layers stored after %.1f ms%n",
            run + 1, toPredictions[run], layers, toLast[run]);
      }
      System.out.printf("first run (cold): %.1f ms to the last layer%n", toLast[0]);
      if (runs > 1) {
        System.out.printf(
            "median of runs 2..%d (warm): %.1f ms to predictions, %.1f ms to the last layer%n",
            runs,
            median(Arrays.copyOfRange(toPredictions, 1, runs)),
            median(Arrays.copyOfRange(toLast, 1, runs)));
      }
    } finally {
      channel.shutdownNow();
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
