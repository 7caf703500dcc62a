package dev.convscope.localstore;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sibling module's packaged Quarkus application running as its own process, as in production:
 * started with its settings in the environment, and ready once {@code /q/health/ready} answers.
 * End-to-end tests use it to put real neighbours beside the service they test.
 */
public final class ServiceProcess implements AutoCloseable {

  private final String module;
  private final Process process;
  private final int port;

  private ServiceProcess(String module, Process process, int port) {
    this.module = module;
    this.process = process;
    this.port = port;
  }

  /**
   * Starts {@code MODULE/target/quarkus-app/quarkus-run.jar} of the repository (the nearest folder
   * above the working directory, a module's own folder under Maven, that holds {@code MODULE}) and
   * waits until it is ready on {@code port}.
   */
  public static ServiceProcess start(
      String module,
      List<String> jvmOptions,
      Map<String, String> env,
      int port,
      Duration readyWithin)
      throws Exception {
    Path app = moduleFolder(module).resolve(Path.of("target", "quarkus-app", "quarkus-run.jar"));
    if (!Files.isRegularFile(app)) {
      throw new IllegalStateException(
          app + " is missing: build " + module + " first (./mvnw install)");
    }
    Path log = Files.createTempFile(module, ".log");
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", app.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    ServiceProcess service = new ServiceProcess(module, builder.start(), port);
    try {
      service.awaitReady(port, log, readyWithin);
    } catch (Exception e) {
      service.close();
      throw e;
    }
    return service;
  }

  /** The module's folder: modules sit at the repository's top, their tests one or more below. */
  private static Path moduleFolder(String module) {
    Path working = Path.of("").toAbsolutePath();
    for (Path folder = working.getParent(); folder != null; folder = folder.getParent()) {
      if (Files.isRegularFile(folder.resolve(module).resolve("pom.xml"))) {
        return folder.resolve(module);
      }
    }
    throw new IllegalStateException("no module " + module + " in a folder above " + working);
  }

  /** A port nobody listens on right now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitReady(int port, Path log, Duration within) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
    Instant deadline = Instant.now().plus(within);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(module + " exited: " + Files.readString(log));
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        module + " not ready within " + within + ": " + Files.readString(log));
  }

  /** Kills the process at once (SIGKILL), as a crash or an evicted pod would end it. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The port it serves on (gRPC, health and metrics alike). */
  public int port() {
    return port;
  }

  /** The operating system's id of the process, to read its memory from {@code /proc}. */
  public long pid() {
    return process.pid();
  }

  /** True while the process runs. */
  public boolean alive() {
    return process.isAlive();
  }

  /** Stops the process (SIGTERM, so it shuts down cleanly) and waits for it. */
  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
