package dev.convscope.inference.api;

import dev.convscope.api.v1.DeleteModelRequest;
import dev.convscope.api.v1.DeleteModelResponse;
import dev.convscope.api.v1.DescribeModelRequest;
import dev.convscope.api.v1.DescribeModelResponse;
import dev.convscope.api.v1.ExplainRequest;
import dev.convscope.api.v1.ExplainResponse;
import dev.convscope.api.v1.InferenceService;
import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.ListModelsRequest;
import dev.convscope.api.v1.ListModelsResponse;
import dev.convscope.api.v1.UploadModelRequest;
import dev.convscope.api.v1.UploadModelResponse;
import dev.convscope.api.v1.VisualizationServiceGrpc;
import dev.convscope.api.v1.VisualizeRequest;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.api.v1.WatchExplainRequest;
import dev.convscope.api.v1.WatchExplainResponse;
import dev.convscope.contract.options.RunOptions;
import dev.convscope.contract.options.WireOptions;
import dev.convscope.inference.config.InferenceConfig;
import dev.convscope.inference.drawing.VisualizationDrawing;
import dev.convscope.inference.explain.Explanation;
import dev.convscope.inference.explain.ExplanationProgress;
import dev.convscope.inference.explain.Explanations;
import dev.convscope.inference.image.ImageDecoder;
import dev.convscope.inference.run.ImageRun;
import dev.convscope.inference.run.RunCancelledException;
import dev.convscope.inference.upload.ModelManifest;
import dev.convscope.inference.upload.ModelUploads;
import dev.convscope.inference.upload.UploadedModelNames;
import dev.convscope.models.CnnModel;
import dev.convscope.models.catalog.ModelCatalog;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gRPC edge of the inference service; the work happens on worker threads, never the event loop.
 */
@GrpcService
public class InferenceGrpcService implements InferenceService {

  private final ModelCatalog catalog;
  private final ImageDecoder decoder;
  private final WeightResults weightResults;
  private final ModelUploads uploads;
  private final RunMetrics runMetrics;
  private final Explanations explanations;

  private final VisualizationServiceGrpc.VisualizationServiceStub visualization;

  public InferenceGrpcService(
      ModelCatalog catalog,
      InferenceConfig config,
      WeightResults weightResults,
      ModelUploads uploads,
      RunMetrics runMetrics,
      Explanations explanations,
      @Named("visualization") io.grpc.ManagedChannel visualizationChannel) {
    this.catalog = catalog;
    this.explanations = explanations;
    this.runMetrics = runMetrics;
    this.uploads = uploads;
    // The async stub gives the flow control that streaming large weights needs.
    this.visualization = VisualizationServiceGrpc.newStub(visualizationChannel);
    this.decoder = new ImageDecoder(config.maxImageBytes(), config.maxImagePixels());
    this.weightResults = weightResults;
  }

  @Override
  public Multi<VisualizeResponse> visualize(VisualizeRequest request) {
    return Multi.createFrom()
        .<VisualizeResponse>emitter(
            emitter -> {
              CnnModel model = catalog.get(request.getModel());
              RunOptions options = WireOptions.run(request);
              ImageRun<LayerResult> run =
                  new ImageRun<>(
                      model,
                      options,
                      decoder,
                      VisualizationDrawing.opener(
                          visualization, model, request.getOptions(), options.exportNpy()),
                      weightResults,
                      new VisualizeEvents(emitter));
              runMetrics.track(
                  () -> {
                    run.run(request.getImage().toByteArray());
                    emitter.complete();
                  },
                  emitter::isCancelled);
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .onFailure()
        .transform(GrpcErrors::toStatus);
  }

  @Override
  @Blocking
  public Uni<DescribeModelResponse> describeModel(DescribeModelRequest request) {
    return Uni.createFrom()
        .item(
            () ->
                DescribeModelResponse.newBuilder()
                    .setSummary(
                        withDisplayName(
                            SummaryMapping.toProto(
                                catalog.get(request.getModel()).summary(), true)))
                    .build())
        .onFailure()
        .transform(GrpcErrors::toStatus);
  }

  @Override
  @Blocking
  public Uni<ListModelsResponse> listModels(ListModelsRequest request) {
    return Uni.createFrom()
        .item(
            () -> {
              // Listing loads nothing: a model not yet loaded is given by name and source only,
              // and an upload by what its stored description says.
              ListModelsResponse.Builder response = ListModelsResponse.newBuilder();
              // Each upload's description is read once, for its listing and its display name.
              Map<String, ModelManifest> uploaded = new LinkedHashMap<>();
              for (ModelManifest upload : uploads.stored()) {
                uploaded.put(UploadedModelNames.of(upload.sha256()), upload);
              }
              for (ModelCatalog.Entry entry : catalog.entries()) {
                ModelManifest upload = uploaded.remove(entry.name());
                response.addModels(
                    entry
                        .loaded()
                        .map(
                            model -> {
                              var summary = SummaryMapping.toProto(model.summary(), false);
                              return upload == null
                                  ? summary
                                  : summary.toBuilder()
                                      .setDisplayName(upload.displayName())
                                      .build();
                            })
                        .orElseGet(
                            () ->
                                dev.convscope.api.v1.ModelSummary.newBuilder()
                                    .setName(entry.name())
                                    .setSource(entry.source())
                                    .build()));
              }
              uploaded
                  .values()
                  .forEach(upload -> response.addModels(SummaryMapping.toProto(upload)));
              return response.build();
            })
        .onFailure()
        .transform(GrpcErrors::toStatus);
  }

  @Override
  @Blocking
  public Uni<DeleteModelResponse> deleteModel(DeleteModelRequest request) {
    return Uni.createFrom()
        .item(
            () -> {
              uploads.remove(request.getModel());
              return DeleteModelResponse.newBuilder().setModel(request.getModel()).build();
            })
        .onFailure()
        .transform(GrpcErrors::toStatus);
  }

  @Override
  @Blocking
  public Uni<ExplainResponse> explain(ExplainRequest request) {
    return Uni.createFrom()
        .item(() -> ExplainMapping.toProto(explanations.explain(ExplainMapping.fromProto(request))))
        .onFailure()
        .transform(GrpcErrors::toStatus);
  }

  @Override
  public Multi<WatchExplainResponse> watchExplain(WatchExplainRequest request) {
    return Multi.createFrom()
        .<WatchExplainResponse>emitter(
            emitter -> {
              ExplanationProgress progress =
                  (done, total) -> {
                    // A caller that went away stops the passes still to come.
                    if (emitter.isCancelled()) {
                      throw new RunCancelledException("the caller went away mid-explanation");
                    }
                    emitter.emit(ExplainMapping.progress(done, total));
                  };
              Explanation explanation =
                  explanations.explain(ExplainMapping.fromProto(request.getRequest()), progress);
              emitter.emit(
                  WatchExplainResponse.newBuilder()
                      .setExplanation(ExplainMapping.toProto(explanation))
                      .build());
              emitter.complete();
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .onFailure()
        .transform(GrpcErrors::toStatus);
  }

  /** The answer to an upload, with the name the model was first stored under. */
  private UploadModelResponse answer(UploadModelResponse stored) {
    return stored.toBuilder().setSummary(withDisplayName(stored.getSummary())).build();
  }

  /** An upload's summary with the name its uploader gave it. */
  private dev.convscope.api.v1.ModelSummary withDisplayName(
      dev.convscope.api.v1.ModelSummary summary) {
    return uploads
        .stored(summary.getName())
        .map(manifest -> summary.toBuilder().setDisplayName(manifest.displayName()).build())
        .orElse(summary);
  }

  @Override
  public Uni<UploadModelResponse> uploadModel(Multi<UploadModelRequest> frames) {
    return Uni.createFrom()
        .deferred(
            () -> {
              UploadAssembler assembler = new UploadAssembler(uploads);
              // Frames are written to disk, and the model checked and stored, on worker threads.
              return frames
                  .emitOn(Infrastructure.getDefaultWorkerPool())
                  .onItem()
                  .invoke(assembler::accept)
                  .onItem()
                  .ignoreAsUni()
                  .emitOn(Infrastructure.getDefaultWorkerPool())
                  .onItem()
                  .transform(done -> answer(UploadMapping.toResponse(assembler.complete())))
                  .onTermination()
                  .invoke(assembler::close);
            })
        .onFailure()
        .transform(GrpcErrors::toStatus);
  }
}
