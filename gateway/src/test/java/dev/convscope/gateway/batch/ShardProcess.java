package dev.convscope.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code convscope batch shard --job ID} as its own process, started as a Kubernetes Indexed Job's
 * pod runs it: the gateway's batch command, the shard's index in {@code JOB_COMPLETION_INDEX}, the
 * store and the inference service named in the environment. The test JVM's class path stands for
 * the image's: the gateway's classes are those the test runs against, where the packaged app would
 * not be built yet.
 */
final class ShardProcess implements AutoCloseable {

  private final Process process;
  private final Path output;

  private ShardProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts shard {@code index} of the job, with {@code env} on top of the neighbours' settings. */
  static ShardProcess start(String jobId, int index, Map<String, String> env) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.convscope.gateway.shard.ShardMain",
                "shard",
                "--job",
                jobId));
    Path output = Files.createTempFile("shard-" + index, ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    Map<String, String> environment = new HashMap<>(ShardProcessNeighboursResource.shardEnv);
    environment.put("JOB_COMPLETION_INDEX", Integer.toString(index));
    environment.putAll(env);
    builder.environment().putAll(environment);
    return new ShardProcess(builder.start(), output);
  }

  /** Kills the process at once (SIGKILL), as an evicted pod or a lost node ends it. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits for the process to end and answers its exit code. */
  int awaitExit(Duration within) throws InterruptedException {
    assertThat(process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS))
        .as("the shard process ends within %s; it wrote:%n%s", within, output())
        .isTrue();
    return process.exitValue();
  }

  /** Waits until the process has written {@code text} (while it runs). */
  void awaitOutput(String text, Duration within) throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (!output().contains(text)) {
      assertThat(Instant.now())
          .as("the shard process writes '%s' within %s; it wrote:%n%s", text, within, output())
          .isBefore(deadline);
      Thread.sleep(100);
    }
  }

  /** What the process wrote to its standard output and error so far. */
  String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(output);
  }
}
