package dev.convscope.cli.gateway;

import dev.convscope.localstore.EmbeddedS3;
import dev.convscope.localstore.ServiceProcess;
import dev.convscope.models.dataset.FashionMnist;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The whole system the client commands talk to, as {@code ./convscope up} runs it: S3Proxy, and the
 * visualization service, the inference service and the gateway as their packaged applications in
 * processes of their own. Started once for the test run, on free ports, and stopped when the test
 * JVM exits.
 */
final class RunningSystem {

  private static final String BUCKET = "convscope-cli-test";
  private static final Duration READY_WITHIN = Duration.ofSeconds(180);

  private static URI gateway;

  private RunningSystem() {}

  /** The running gateway's address, starting everything on first use. */
  static synchronized URI gateway() {
    if (gateway == null) {
      try {
        gateway = start();
      } catch (Exception e) {
        throw new IllegalStateException("the system could not start: " + e.getMessage(), e);
      }
    }
    return gateway;
  }

  /** The Fashion-MNIST test set's image {@code index} as a PNG (Debian's dataset-fashion-mnist). */
  static byte[] fashionMnistPng(int index) {
    try {
      var images = FashionMnist.in(FashionMnist.DEBIAN_DIRECTORY).test().images();
      BufferedImage image =
          new BufferedImage(images.cols(), images.rows(), BufferedImage.TYPE_BYTE_GRAY);
      int size = images.rows() * images.cols();
      for (int pixel = 0; pixel < size; pixel++) {
        int gray = images.pixels()[index * size + pixel] & 0xFF;
        image.getRaster().setSample(pixel % images.cols(), pixel / images.cols(), 0, gray);
      }
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(image, "png", png);
      return png.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Fashion-MNIST test set's IDX file {@code name}. */
  static Path fashionMnistFile(String name) {
    return FashionMnist.DEBIAN_DIRECTORY.resolve(name);
  }

  private static URI start() throws Exception {
    List<AutoCloseable> started = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started)));
    EmbeddedS3 store = EmbeddedS3.inMemory();
    started.add(store::stop);
    store.ensureBucket(BUCKET);
    Map<String, String> storeEnv =
        Map.of(
            "CONVSCOPE_STORE_ENDPOINT", store.endpoint().toString(),
            "CONVSCOPE_STORE_ACCESS_KEY", store.accessKey(),
            "CONVSCOPE_STORE_SECRET_KEY", store.secretKey(),
            "CONVSCOPE_STORE_BUCKET", BUCKET);

    int visualizationPort = ServiceProcess.freePort();
    started.add(
        start(
            "visualization-service",
            "-Xmx1g",
            with(storeEnv, "CONVSCOPE_VISUALIZATION_PORT", visualizationPort),
            visualizationPort));

    int inferencePort = ServiceProcess.freePort();
    Map<String, String> inferenceEnv = with(storeEnv, "CONVSCOPE_INFERENCE_PORT", inferencePort);
    inferenceEnv.put("CONVSCOPE_VISUALIZATION_ADDRESSES", "127.0.0.1:" + visualizationPort);
    inferenceEnv.put("OMP_NUM_THREADS", "1");
    started.add(start("inference-service", "-Xmx2g", inferenceEnv, inferencePort));

    int gatewayPort = ServiceProcess.freePort();
    Map<String, String> gatewayEnv = with(storeEnv, "CONVSCOPE_GATEWAY_PORT", gatewayPort);
    gatewayEnv.put("CONVSCOPE_INFERENCE_PORT", Integer.toString(inferencePort));
    started.add(start("gateway", "-Xmx512m", gatewayEnv, gatewayPort));
    return URI.create("http://127.0.0.1:" + gatewayPort + "/");
  }

  private static ServiceProcess start(
      String module, String maxHeap, Map<String, String> env, int port) throws Exception {
    return ServiceProcess.start(module, List.of(maxHeap), env, port, READY_WITHIN);
  }

  private static Map<String, String> with(Map<String, String> env, String name, int port) {
    Map<String, String> copy = new HashMap<>(env);
    copy.put(name, Integer.toString(port));
    return copy;
  }

  private static void stop(List<AutoCloseable> started) {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        // Stopping at exit: nothing is left to tell.
      }
    }
  }
}
