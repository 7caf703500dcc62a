package dev.convscope.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convscope.cli.gateway.GatewayClient.GatewayException;
import dev.convscope.console.ProgressBar;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./convscope batch}: data-set jobs on a running gateway. ({@code batch shard}, the shard a
 * pod runs, is the gateway's own code and runs from its image: see the gateway's ShardMain.)
 */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description = "Runs a whole data set through a model and shows what it taught us.",
    subcommands = {
      BatchCommand.Run.class,
      BatchCommand.Status.class,
      BatchCommand.ListJobs.class,
      BatchCommand.Cancel.class
    })
public final class BatchCommand {

  @Mixin GatewayOptions gateway;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BatchCommand()).execute(args));
  }

  /** What a subcommand asks the gateway for: one job's status, or all of them. */
  @FunctionalInterface
  interface JobsQuery {
    Iterable<JsonNode> ask(GatewayClient client) throws Exception;
  }

  /** Asks the gateway and prints one line per job it answers with. */
  static int printJobs(CommandLine.Model.CommandSpec spec, BatchCommand batch, JobsQuery query)
      throws Exception {
    return batch.gateway.talk(
        spec,
        () -> {
          for (JsonNode status : query.ask(batch.gateway.client())) {
            spec.commandLine().getOut().println(describe(status));
          }
          return 0;
        });
  }

  /** One line about a job. */
  static String describe(JsonNode status) {
    return String.format(
        Locale.ROOT,
        "%s  %-9s %s  %d/%d images, %d failed, %.1f images/s",
        status.path("job_id").asText(),
        status.path("state").asText(),
        status.path("model").asText(),
        status.path("done").asInt(),
        status.path("items").asInt(),
        status.path("failed").asInt(),
        status.path("images_per_second").asDouble());
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Creates a job and follows it with a progress bar until it ends, then prints its",
        "accuracy (labelled data sets). Local IDX files are uploaded to the bucket first."
      })
  static final class Run implements Callable<Integer> {

    @ParentCommand BatchCommand batch;

    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--idx", paramLabel = "FILE", description = "IDX image file (.gz or plain).")
    Path idx;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX label file for --idx.")
    Path labels;

    @Option(
        names = "--prefix",
        paramLabel = "PREFIX",
        description =
            "Every PNG/JPEG under this prefix in the bucket; folders named after classes label them.")
    String prefix;

    @Option(
        names = "--keys",
        split = ",",
        paramLabel = "KEY",
        description = "These objects in the bucket.")
    List<String> keys;

    @Option(names = "--model", paramLabel = "NAME", description = "Default: the built-in model.")
    String model;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N images.")
    Integer limit;

    @Option(names = "--shard-size", paramLabel = "N", description = "Images per shard (100).")
    Integer shardSize;

    @Option(names = "--top-n", paramLabel = "N", description = "Top images per channel (9).")
    Integer topN;

    @Option(names = "--no-wait", description = "Create the job and return at once.")
    boolean noWait;

    @Override
    public Integer call() throws Exception {
      return batch.gateway.talk(spec, this::create);
    }

    private int create() throws Exception {
      GatewayClient client = batch.gateway.client();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Map<String, Object> job = new LinkedHashMap<>();
      put(job, "model", model);
      if (idx != null) {
        String images = upload(client, idx, null, out, err);
        job.put("idx_images", images);
        if (labels != null) {
          job.put("idx_labels", upload(client, labels, images, out, err));
        }
      }
      put(job, "prefix", prefix);
      put(job, "keys", keys);
      put(job, "limit", limit);
      put(job, "shard_size", shardSize);
      put(job, "top_n", topN);
      JsonNode status = client.postJson("/api/v1/jobs", job);
      String jobId = status.path("job_id").asText();
      out.println("job " + jobId + ": " + status.path("items").asInt() + " images");
      out.flush();
      if (noWait) {
        return 0;
      }
      status = follow(client, jobId, err);
      out.println(describe(status));
      if (status.path("state").asText().equals("finished")) {
        JsonNode summary = client.get("/api/v1/jobs/" + jobId + "/summary");
        if (summary.hasNonNull("accuracy")) {
          out.printf(Locale.ROOT, "accuracy %.2f%%%n", 100 * summary.path("accuracy").asDouble());
        }
        out.println("summary: " + batch.gateway.url.resolve("/api/v1/jobs/" + jobId + "/summary"));
        return 0;
      }
      if (status.hasNonNull("reason")) {
        err.println("batch: " + status.path("reason").asText());
      }
      return 1;
    }

    /**
     * Uploads a data-set file (a label file for the image file already uploaded as {@code
     * labelsFor}) and prints its key, by which a job or the jobs page finds it again.
     */
    private String upload(
        GatewayClient client, Path file, String labelsFor, PrintWriter out, PrintWriter err)
        throws Exception {
      if (!Files.isRegularFile(file)) {
        throw new GatewayException("there is no file " + file);
      }
      err.println("uploading " + file.getFileName() + " ...");
      String path = "/api/v1/datasets?name=" + file.getFileName();
      if (labelsFor != null) {
        path += "&labels_for=" + URLEncoder.encode(labelsFor, StandardCharsets.UTF_8);
      }
      JsonNode stored = client.postFile(path, file);
      String key = stored.path("key").asText();
      out.printf(
          Locale.ROOT,
          "%s %s (%d %s)%n",
          labelsFor == null ? "images" : "labels",
          key,
          stored.path("items").asInt(),
          stored.path("kind").asText());
      out.flush();
      return key;
    }

    private static JsonNode follow(GatewayClient client, String jobId, PrintWriter err)
        throws Exception {
      ProgressBar progress = new ProgressBar(err);
      while (true) {
        JsonNode status = client.get("/api/v1/jobs/" + jobId);
        String label =
            String.format(
                Locale.ROOT,
                "%d failed  %.1f images/s%s",
                status.path("failed").asInt(),
                status.path("images_per_second").asDouble(),
                status.hasNonNull("seconds_left")
                    ? String.format(
                        Locale.ROOT, "  %.0f s left", status.path("seconds_left").asDouble())
                    : "");
        progress.show(status.path("done").asInt(), status.path("items").asInt(), label);
        if (!status.path("state").asText().equals("running")) {
          progress.end();
          return status;
        }
        Thread.sleep(Duration.ofMillis(500).toMillis());
      }
    }

    private static void put(Map<String, Object> job, String name, Object value) {
      if (value != null) {
        job.put(name, value);
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "One job's progress.")
  static final class Status implements Callable<Integer> {

    @ParentCommand BatchCommand batch;

    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "JOB")
    String jobId;

    @Override
    public Integer call() throws Exception {
      return printJobs(spec, batch, client -> List.of(client.get("/api/v1/jobs/" + jobId)));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Every job, oldest first.")
  static final class ListJobs implements Callable<Integer> {

    @ParentCommand BatchCommand batch;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return printJobs(spec, batch, client -> client.get("/api/v1/jobs"));
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Stops a job.")
  static final class Cancel implements Callable<Integer> {

    @ParentCommand BatchCommand batch;

    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "JOB")
    String jobId;

    @Override
    public Integer call() throws Exception {
      return printJobs(spec, batch, client -> List.of(client.delete("/api/v1/jobs/" + jobId)));
    }
  }
}
