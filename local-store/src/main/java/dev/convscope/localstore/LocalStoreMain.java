package dev.convscope.localstore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the embedded store as its own process for the local run; stops on SIGINT or SIGTERM. */
@Command(
    name = "local-store",
    mixinStandardHelpOptions = true,
    description = "An S3-compatible object store on this machine (S3Proxy, objects on disk).")
public final class LocalStoreMain implements Callable<Integer> {

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "where objects are kept")
  Path data;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "address to listen on (default ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--port",
      defaultValue = "9000",
      description = "port to listen on; 0 picks a free one (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--bucket",
      defaultValue = "convscope",
      description = "bucket to create (default ${DEFAULT-VALUE})")
  String bucket;

  @Option(
      names = "--access-key",
      defaultValue = EmbeddedS3.DEFAULT_ACCESS_KEY,
      description = "access key")
  String accessKey;

  @Option(
      names = "--secret-key",
      defaultValue = EmbeddedS3.DEFAULT_SECRET_KEY,
      description = "secret key")
  String secretKey;

  @Option(
      names = "--ready-file",
      paramLabel = "FILE",
      description = "write the endpoint here once the store answers (for scripts that wait on it)")
  Path readyFile;

  @Override
  public Integer call() throws Exception {
    EmbeddedS3 store = EmbeddedS3.onDisk(data, host, port, accessKey, secretKey);
    store.ensureBucket(bucket);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    store.stop();
                  } catch (Exception e) {
                    System.err.println("local-store: stopping failed: " + e.getMessage());
                  } finally {
                    stopped.countDown();
                  }
                }));
    if (readyFile != null) {
      Files.writeString(readyFile, store.endpoint() + "\n", StandardCharsets.UTF_8);
    }
    System.err.printf(
        "local-store: %s, bucket '%s', objects in %s%n", store.endpoint(), bucket, data);
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    int code =
        new CommandLine(new LocalStoreMain())
            .setExecutionExceptionHandler(
                (error, commandLine, parseResult) -> {
                  Throwable cause = error;
                  while (cause.getCause() != null && !(cause instanceof java.net.BindException)) {
                    cause = cause.getCause();
                  }
                  if (cause instanceof java.net.BindException) {
                    LocalStoreMain options = commandLine.getCommand();
                    commandLine
                        .getErr()
                        .printf(
                            "local-store: cannot listen on %s:%d (%s); choose another port (./convscope up --store-port N)%n",
                            options.host, options.port, cause.getMessage());
                    return 1;
                  }
                  throw error;
                })
            .execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
