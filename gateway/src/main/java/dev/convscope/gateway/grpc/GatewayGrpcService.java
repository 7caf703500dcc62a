package dev.convscope.gateway.grpc;

import dev.convscope.api.gateway.v1.AttributionUrls;
import dev.convscope.api.gateway.v1.CancelJobRequest;
import dev.convscope.api.gateway.v1.CancelJobResponse;
import dev.convscope.api.gateway.v1.CreateJobRequest;
import dev.convscope.api.gateway.v1.CreateJobResponse;
import dev.convscope.api.gateway.v1.DeleteModelRequest;
import dev.convscope.api.gateway.v1.DeleteModelResponse;
import dev.convscope.api.gateway.v1.DescribeModelRequest;
import dev.convscope.api.gateway.v1.DescribeModelResponse;
import dev.convscope.api.gateway.v1.ExplainRequest;
import dev.convscope.api.gateway.v1.ExplainResponse;
import dev.convscope.api.gateway.v1.GatewayServiceGrpc;
import dev.convscope.api.gateway.v1.GetJobRequest;
import dev.convscope.api.gateway.v1.GetJobResponse;
import dev.convscope.api.gateway.v1.GetRunRequest;
import dev.convscope.api.gateway.v1.GetRunResponse;
import dev.convscope.api.gateway.v1.ListJobsRequest;
import dev.convscope.api.gateway.v1.ListJobsResponse;
import dev.convscope.api.gateway.v1.ListModelsRequest;
import dev.convscope.api.gateway.v1.ListModelsResponse;
import dev.convscope.api.gateway.v1.RunRequest;
import dev.convscope.api.gateway.v1.RunResponse;
import dev.convscope.api.gateway.v1.UploadModelRequest;
import dev.convscope.api.gateway.v1.UploadModelResponse;
import dev.convscope.api.gateway.v1.WatchExplainRequest;
import dev.convscope.api.gateway.v1.WatchExplainResponse;
import dev.convscope.api.v1.InferenceServiceGrpc;
import dev.convscope.gateway.batch.JobRequest;
import dev.convscope.gateway.batch.JobService;
import dev.convscope.gateway.batch.JobStatus;
import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.explain.Attribution;
import dev.convscope.gateway.explain.Explanation;
import dev.convscope.gateway.explain.ExplanationEvent;
import dev.convscope.gateway.explain.ExplanationEvents;
import dev.convscope.gateway.explain.ExplanationProgress;
import dev.convscope.gateway.inference.InferenceClient;
import dev.convscope.gateway.run.PictureUrls;
import dev.convscope.gateway.run.RunEvents;
import dev.convscope.gateway.run.Runner;
import dev.convscope.gateway.wire.ExplainMessages;
import dev.convscope.gateway.wire.ManifestMessages;
import dev.convscope.gateway.wire.ModelMessages;
import dev.convscope.gateway.wire.RunMessages;
import io.grpc.Channel;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.util.Iterator;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The gateway's gRPC face: the same runs, manifests and models as its REST API. Every failure is
 * answered through {@link GrpcStatuses}, the one place where failures become statuses.
 */
@GrpcService
public class GatewayGrpcService extends GatewayServiceGrpc.GatewayServiceImplBase {

  @Inject Runner runner;

  @Inject GatewayConfig config;

  @Inject JobService jobs;

  @Inject InferenceClient models;

  @Inject PictureUrls urls;

  @GrpcClient("inference")
  Channel inference;

  @Override
  @Blocking
  public void run(RunRequest request, StreamObserver<RunResponse> responses) {
    RunEvents events;
    try {
      events = runner.open(RunMessages.read(request));
    } catch (RuntimeException e) {
      responses.onError(GrpcStatuses.of(e));
      return;
    }
    relay(events, events::close, RunMessages::write, responses);
  }

  @Override
  @Blocking
  public void getRun(GetRunRequest request, StreamObserver<GetRunResponse> responses) {
    answer(
        responses,
        () ->
            GetRunResponse.newBuilder()
                .setManifest(ManifestMessages.write(runner.manifest(request.getRunId())))
                .build());
  }

  @Override
  @Blocking
  public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> responses) {
    answer(
        responses,
        () ->
            ListModelsResponse.newBuilder()
                .addAllModels(models.list().stream().map(ModelMessages::write).toList())
                .build());
  }

  @Override
  @Blocking
  public void describeModel(
      DescribeModelRequest request, StreamObserver<DescribeModelResponse> responses) {
    answer(
        responses,
        () ->
            DescribeModelResponse.newBuilder()
                .setSummary(ModelMessages.write(models.describe(request.getModel())))
                .build());
  }

  @Override
  @Blocking
  public void deleteModel(
      DeleteModelRequest request, StreamObserver<DeleteModelResponse> responses) {
    answer(
        responses,
        () -> DeleteModelResponse.newBuilder().setModel(models.delete(request.getModel())).build());
  }

  @Override
  @Blocking
  public void explain(ExplainRequest request, StreamObserver<ExplainResponse> responses) {
    answer(
        responses,
        () -> withUrls(models.explain(ExplainMessages.read(request, config.defaultModel()))));
  }

  @Override
  @Blocking
  public void watchExplain(
      WatchExplainRequest request, StreamObserver<WatchExplainResponse> responses) {
    ExplanationEvents events;
    try {
      events = models.watch(ExplainMessages.read(request.getRequest(), config.defaultModel()));
    } catch (RuntimeException e) {
      responses.onError(GrpcStatuses.of(e));
      return;
    }
    relay(events, events::close, this::message, responses);
  }

  private WatchExplainResponse message(ExplanationEvent event) {
    WatchExplainResponse.Builder response = WatchExplainResponse.newBuilder();
    if (event instanceof ExplanationProgress progress) {
      return response.setProgress(ExplainMessages.write(progress)).build();
    }
    return response.setExplanation(withUrls((Explanation) event)).build();
  }

  /**
   * Sends each event on as it comes. A client that goes away stops the work at once (closing it
   * cancels the call on the inference service), and is told nothing more.
   */
  private static <E, M> void relay(
      Iterator<E> events, Runnable close, Function<E, M> message, StreamObserver<M> responses) {
    ServerCallStreamObserver<M> call = (ServerCallStreamObserver<M>) responses;
    call.setOnCancelHandler(close);
    try {
      while (events.hasNext()) {
        M next = message.apply(events.next());
        if (call.isCancelled()) {
          return;
        }
        responses.onNext(next);
      }
      responses.onCompleted();
    } catch (RuntimeException e) {
      if (!call.isCancelled()) {
        responses.onError(GrpcStatuses.of(e));
      }
    } finally {
      close.run();
    }
  }

  /** The explanation with URLs of each attribution's pictures and raw map. */
  private ExplainResponse withUrls(Explanation explanation) {
    ExplainResponse.Builder response =
        ExplainResponse.newBuilder().setExplanation(ExplainMessages.write(explanation));
    for (Attribution attribution : explanation.attributions()) {
      response.addUrls(
          AttributionUrls.newBuilder()
              .setPictureUrl(urls.urlOf(attribution.pictureKey()))
              .setOverlayUrl(urls.urlOf(attribution.overlayKey()))
              .setMapUrl(urls.urlOf(attribution.mapKey())));
    }
    return response.build();
  }

  @Override
  public StreamObserver<UploadModelRequest> uploadModel(
      StreamObserver<UploadModelResponse> responses) {
    return new UploadRelay(
        (ServerCallStreamObserver<UploadModelResponse>) responses,
        InferenceServiceGrpc.newStub(inference),
        config.maxModelBytes());
  }

  @Override
  @Blocking
  public void createJob(CreateJobRequest request, StreamObserver<CreateJobResponse> responses) {
    answer(
        responses,
        () ->
            CreateJobResponse.newBuilder()
                .setJob(toProto(jobs.create(jobRequest(request))))
                .build());
  }

  @Override
  @Blocking
  public void getJob(GetJobRequest request, StreamObserver<GetJobResponse> responses) {
    answer(
        responses,
        () -> GetJobResponse.newBuilder().setJob(toProto(jobs.status(request.getJobId()))).build());
  }

  @Override
  @Blocking
  public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> responses) {
    answer(
        responses,
        () ->
            ListJobsResponse.newBuilder()
                .addAllJobs(jobs.list().stream().map(GatewayGrpcService::toProto).toList())
                .build());
  }

  @Override
  @Blocking
  public void cancelJob(CancelJobRequest request, StreamObserver<CancelJobResponse> responses) {
    answer(
        responses,
        () ->
            CancelJobResponse.newBuilder()
                .setJob(toProto(jobs.cancel(request.getJobId())))
                .build());
  }

  /** One answer, or the failure as a status. */
  private static <T> void answer(StreamObserver<T> responses, Supplier<T> call) {
    try {
      responses.onNext(call.get());
      responses.onCompleted();
    } catch (RuntimeException e) {
      responses.onError(GrpcStatuses.of(e));
    }
  }

  private static JobRequest jobRequest(CreateJobRequest request) {
    return new JobRequest(
        request.getModel(),
        blankToNull(request.getIdxImages()),
        blankToNull(request.getIdxLabels()),
        blankToNull(request.getPrefix()),
        request.getKeysCount() == 0 ? null : request.getKeysList(),
        request.getLimit() == 0 ? null : request.getLimit(),
        request.getShardSize() == 0 ? null : request.getShardSize(),
        request.getTopN() == 0 ? null : request.getTopN(),
        blankToNull(request.getOptions().getColormap()),
        request.getOptions().getMaxWidth() == 0 ? null : request.getOptions().getMaxWidth());
  }

  private static String blankToNull(String value) {
    return value.isBlank() ? null : value;
  }

  private static dev.convscope.api.gateway.v1.JobStatus toProto(JobStatus status) {
    dev.convscope.api.gateway.v1.JobStatus.Builder job =
        dev.convscope.api.gateway.v1.JobStatus.newBuilder()
            .setJobId(status.jobId())
            .setModel(status.model())
            .setDataset(status.dataset())
            .setState(status.state())
            .setCreatedAt(status.createdAt())
            .setItems(status.items())
            .setDone(status.done())
            .setFailed(status.failed())
            .setShards(status.shards())
            .setShardsFinished(status.shardsFinished())
            .setImagesPerSecond(status.imagesPerSecond());
    if (status.secondsLeft() != null) {
      job.setSecondsLeft(status.secondsLeft());
    }
    if (status.reason() != null) {
      job.setReason(status.reason());
    }
    if (status.finishedAt() != null) {
      job.setFinishedAt(status.finishedAt());
    }
    return job.build();
  }
}
