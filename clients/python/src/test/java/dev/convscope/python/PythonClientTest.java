package dev.convscope.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.localstore.EmbeddedS3;
import dev.convscope.localstore.RunningSystem;
import dev.convscope.localstore.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Python package's own tests (tests/, Python's unittest) against the whole system: its gRPC
 * stubs generated from proto/, then Debian's python3 with grpcio, protobuf, numpy and torch told
 * where the visualization service, the gateway (and a second one that requires an API key) and the
 * store are. Python's output is the failure message.
 */
class PythonClientTest {

  /** Debian's, which has the packages .ci/run installs; another python3 on the PATH may not. */
  private static final String PYTHON = "/usr/bin/python3";

  private static final Path PACKAGE = Path.of("").toAbsolutePath();

  /** The key of a second gateway that requires one, for the client's API key. */
  private static final String API_KEY = "python-client-test-key";

  @Test
  void thePythonTestsPassAgainstTheRunningSystem() throws Exception {
    RunningSystem system = RunningSystem.shared();
    EmbeddedS3 store = system.store();

    Result stubs = run(List.of(PACKAGE.resolve("generate-stubs").toString()), Map.of());
    assertThat(stubs.exit()).as(stubs.output()).isZero();

    Result tests;
    try (ServiceProcess keyedGateway =
        system.startGateway(Map.of("CONVSCOPE_GATEWAY_API_KEY", API_KEY))) {
      Map<String, String> env = new HashMap<>();
      env.put("PYTHONPATH", PACKAGE.toString());
      env.put("CONVSCOPE_VISUALIZATION_ADDRESS", system.visualizationAddress());
      env.put("CONVSCOPE_GATEWAY_URL", system.gateway().toString());
      env.put("CONVSCOPE_KEYED_GATEWAY_URL", "http://127.0.0.1:" + keyedGateway.port());
      env.put("CONVSCOPE_KEYED_GATEWAY_API_KEY", API_KEY);
      env.put("CONVSCOPE_STORE_ENDPOINT", store.endpoint().toString());
      env.put("CONVSCOPE_STORE_ACCESS_KEY", store.accessKey());
      env.put("CONVSCOPE_STORE_SECRET_KEY", store.secretKey());
      env.put("CONVSCOPE_STORE_BUCKET", RunningSystem.BUCKET);
      tests =
          run(
              List.of(PYTHON, "-m", "unittest", "discover", "--start-directory", "tests", "-v"),
              env);
    }
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
    // The tests say which key they send; none comes from the machine's environment.
    builder.environment().remove("CONVSCOPE_API_KEY");
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
