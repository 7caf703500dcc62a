package dev.convscope.gateway.shard;

import dev.convscope.api.v1.InferenceServiceGrpc;
import dev.convscope.console.ProgressBar;
import dev.convscope.gateway.batch.JobService;
import dev.convscope.gateway.batch.JobSpec;
import dev.convscope.gateway.batch.JobStore;
import dev.convscope.gateway.batch.ShardRunner;
import dev.convscope.gateway.batch.ShardState;
import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.failure.GatewayFailure;
import dev.convscope.gateway.failure.Misconfigured;
import dev.convscope.gateway.failure.Unavailable;
import dev.convscope.gateway.inference.InferenceClient;
import dev.convscope.gateway.manifest.ManifestStore;
import dev.convscope.gateway.run.Runner;
import dev.convscope.gateway.store.Bucket;
import dev.convscope.store.ObjectStore;
import dev.convscope.store.StoreConfig;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convscope batch shard --job ID --index I}: runs one shard of a job in this process, with
 * the gateway's own shard code, talking to the inference service and the store directly. This is
 * what a pod of a Kubernetes Indexed Job runs ({@code JOB_COMPLETION_INDEX} gives the index); the
 * Job controller retries a failed pod, and the rerun carries on where the last one stopped.
 *
 * <p>It exits with 0 when the shard is done (or its job cancelled), 1 when it stopped for an outage
 * and a rerun should carry on, and 2 when a rerun cannot help: a bad argument, an unknown job, or a
 * store or service set up wrongly (refused credentials, a missing bucket).
 *
 * <p>Settings come from the environment as for the gateway: {@code CONVSCOPE_STORE_*}, {@code
 * CONVSCOPE_INFERENCE_HOST}, {@code CONVSCOPE_INFERENCE_PORT} and {@code
 * CONVSCOPE_GATEWAY_BATCH_OUTAGE_LIMIT}.
 */
@Command(
    name = "shard",
    mixinStandardHelpOptions = true,
    description = "Runs one shard of a job here (what a Kubernetes Indexed Job's pod runs).")
final class ShardCommand implements Callable<Integer> {

  /** The exit code of a shard a rerun cannot help: the Job template fails its index at once. */
  static final int RERUN_CANNOT_HELP = 2;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--job", required = true, paramLabel = "ID")
  String jobId;

  @Option(
      names = "--index",
      paramLabel = "I",
      defaultValue = "${env:JOB_COMPLETION_INDEX}",
      description = "The shard; default: JOB_COMPLETION_INDEX, as Kubernetes sets it.")
  Integer index;

  @Option(
      names = "--inference",
      paramLabel = "HOST:PORT",
      defaultValue =
          "${env:CONVSCOPE_INFERENCE_HOST:-127.0.0.1}:${env:CONVSCOPE_INFERENCE_PORT:-9102}",
      description = "The inference service (default: ${DEFAULT-VALUE}).")
  String inference;

  @Option(
      names = "--outage-limit",
      paramLabel = "DURATION",
      description = {
        "How long to wait out a store or service outage before giving up",
        "(default: convscope.gateway.batch.outage-limit, as for the gateway: PT5M)."
      })
  Duration outageLimit;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (index == null) {
      err.println("shard: give --index, or run where JOB_COMPLETION_INDEX is set");
      return RERUN_CANNOT_HELP;
    }
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .addDefaultSources()
            .withMapping(StoreConfig.class)
            .withMapping(GatewayConfig.class)
            .build();
    Bucket store = new Bucket(new ObjectStore(config.getConfigMapping(StoreConfig.class)));
    ManagedChannel channel =
        ManagedChannelBuilder.forTarget(inference)
            .defaultLoadBalancingPolicy("round_robin")
            .usePlaintext()
            .build();
    ProgressBar progress = new ProgressBar(err);
    try {
      JobStore jobs = new JobStore(store);
      JobSpec job = jobs.spec(jobId).orElse(null);
      if (job == null) {
        err.println("shard: there is no job '" + jobId + "' in bucket '" + store.name() + "'");
        return RERUN_CANNOT_HELP;
      }
      GatewayConfig gateway = config.getConfigMapping(GatewayConfig.class);
      Runner runner =
          Runner.standalone(
              InferenceClient.standalone(InferenceServiceGrpc.newBlockingStub(channel), gateway),
              new ManifestStore(store),
              store,
              gateway);
      int first = job.shardStart(index);
      int total = job.shardEnd(index) - first;
      ShardState before = jobs.shard(jobId, index).orElse(null);
      if (before != null && before.done() > 0 && !before.finished()) {
        spec.commandLine()
            .getOut()
            .printf(
                "job %s shard %d: resuming after %d of %d images%n",
                jobId, index, before.done(), total);
        spec.commandLine().getOut().flush();
      }
      ShardState state =
          new ShardRunner(
                  runner,
                  jobs,
                  outageLimit != null ? outageLimit : gateway.batch().outageLimit(),
                  notice -> {
                    // On a line of its own, in the pod's log, whatever the progress bar shows.
                    progress.end();
                    err.println("job " + jobId + " shard " + index + ": " + notice);
                    err.flush();
                  })
              .run(
                  job,
                  JobService.openDataset(job, store),
                  index,
                  item ->
                      progress.show(item - first + 1, total, "job " + jobId + " shard " + index));
      progress.end();
      spec.commandLine()
          .getOut()
          .printf(
              "job %s shard %d: %d of %d images counted, %d failed%s%n",
              jobId,
              index,
              state.done(),
              total,
              state.tally().failed,
              state.failure() == null ? "" : " (" + state.failure() + ")");
      // A cancelled job is done with; anything else unfinished is for the Job controller to retry.
      return state.finished() || "cancelled".equals(state.failure()) ? 0 : 1;
    } catch (Unavailable e) {
      // Down longer than the outage limit: the Job controller's retry carries on later.
      progress.end();
      err.println("shard: " + e.getMessage());
      return 1;
    } catch (Misconfigured e) {
      // Not retried here, and a rerun would fail the same way until the settings are fixed.
      progress.end();
      err.println("shard: " + e.getMessage());
      recordFailure(new JobStore(store), e);
      return RERUN_CANNOT_HELP;
    } catch (IllegalArgumentException e) {
      progress.end();
      err.println("shard: " + e.getMessage());
      return RERUN_CANNOT_HELP;
    } finally {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Tells the job why the shard stopped, if the store takes it (the wrong settings may be its). */
  private void recordFailure(JobStore jobs, Misconfigured failure) {
    try {
      jobs.recordFailure(jobId, index, failure.getMessage());
    } catch (GatewayFailure notRecorded) {
      spec.commandLine().getErr().println("shard: not recorded: " + notRecorded.getMessage());
    }
  }
}
