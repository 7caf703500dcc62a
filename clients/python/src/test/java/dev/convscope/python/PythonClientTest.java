package dev.convscope.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.localstore.EmbeddedS3;
import dev.convscope.localstore.RunningSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Python package's own tests (tests/, Python's unittest) against the whole system: its gRPC
 * stubs generated from proto/, then Debian's python3 with grpcio, protobuf, numpy and torch told
 * where the visualization service, the gateway and the store are. Python's output is the failure
 * message.
 */
class PythonClientTest {

  /** Debian's, which has the packages .ci/run installs; another python3 on the PATH may not. */
  private static final String PYTHON = "/usr/bin/python3";

  private static final Path PACKAGE = Path.of("").toAbsolutePath();

  @Test
  void thePythonTestsPassAgainstTheRunningSystem() throws Exception {
    RunningSystem system = RunningSystem.shared();
    EmbeddedS3 store = system.store();

    Result stubs = run(List.of(PACKAGE.resolve("generate-stubs").toString()), Map.of());
    assertThat(stubs.exit()).as(stubs.output()).isZero();

    Result tests =
        run(
            List.of(PYTHON, "-m", "unittest", "discover", "--start-directory", "tests", "-v"),
            Map.of(
                "PYTHONPATH", PACKAGE.toString(),
                "CONVSCOPE_VISUALIZATION_ADDRESS", system.visualizationAddress(),
                "CONVSCOPE_GATEWAY_URL", system.gateway().toString(),
                "CONVSCOPE_STORE_ENDPOINT", store.endpoint().toString(),
                "CONVSCOPE_STORE_ACCESS_KEY", store.accessKey(),
                "CONVSCOPE_STORE_SECRET_KEY", store.secretKey(),
                "CONVSCOPE_STORE_BUCKET", RunningSystem.BUCKET));
    System.out.println(tests.output());
    assertThat(tests.exit()).as(tests.output()).isZero();
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("python-client", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(PACKAGE.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    // Python writes its byte code beside the sources otherwise.
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process process = builder.start();
    boolean finished = process.waitFor(10, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    return finished
        ? new Result(process.exitValue(), output)
        : new Result(-1, output + "\n(not finished within 10 minutes)");
  }
}
