package dev.convscope.visualization.api;

import dev.convscope.api.v1.Picture;
import dev.convscope.api.v1.PictureKind;
import dev.convscope.api.v1.RenderTensorsRequest;
import dev.convscope.api.v1.RenderTensorsResponse;
import dev.convscope.api.v1.VisualizationService;
import dev.convscope.contract.options.View;
import dev.convscope.render.TensorStatistics;
import dev.convscope.visualization.config.VisualizationConfig;
import dev.convscope.visualization.pipeline.DrawRequest;
import dev.convscope.visualization.pipeline.DrawnTensor;
import dev.convscope.visualization.pipeline.TensorVisualizer;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The gRPC edge of the visualization service: reassembles each tensor from its frames, draws and
 * stores it on a worker thread (never on the event loop) while the next tensors arrive, and answers
 * once per tensor, in order, as soon as its pictures are stored. A bad frame ends the call with a
 * status; the results sent before it stay valid, because each was sent only after its objects were
 * stored.
 */
@GrpcService
public class VisualizationGrpcService implements VisualizationService {

  private final TensorVisualizer visualizer;
  private final VisualizationConfig config;
  private final DrawingBudget budget;
  private final AssemblyMetrics assemblyMetrics;

  public VisualizationGrpcService(
      TensorVisualizer visualizer,
      VisualizationConfig config,
      DrawingBudget budget,
      AssemblyMetrics assemblyMetrics) {
    this.visualizer = visualizer;
    this.config = config;
    this.budget = budget;
    this.assemblyMetrics = assemblyMetrics;
  }

  @Override
  public Multi<RenderTensorsResponse> renderTensors(Multi<RenderTensorsRequest> frames) {
    return Multi.createFrom()
        .deferred(
            () -> {
              TensorAssembler assembler =
                  new TensorAssembler(config.maxTensorBytes(), assemblyMetrics);
              CallDrawings drawings =
                  new CallDrawings(
                      config.maxTensorsInFlight(), budget, Infrastructure.getDefaultWorkerPool());
              // Every outcome, a bad frame too, is an item in stream order, so the answers of the
              // tensors before a bad frame are still sent before the call ends with its status.
              Multi<CompletableFuture<RenderTensorsResponse>> started =
                  frames
                      .emitOn(Infrastructure.getDefaultWorkerPool())
                      .onItem()
                      .transformToMultiAndConcatenate(
                          frame -> Multi.createFrom().iterable(take(frame, assembler, drawings)));
              Multi<CompletableFuture<RenderTensorsResponse>> ended =
                  Multi.createFrom()
                      .deferred(
                          () -> Multi.createFrom().iterable(drawings.finish(assembler::finish)));
              return Multi.createBy()
                  .concatenating()
                  .streams(started, ended)
                  // Drawings started and not yet answered, and at most one failure.
                  .onOverflow()
                  .buffer(config.maxTensorsInFlight() + 1)
                  .onItem()
                  .transformToUniAndConcatenate(
                      drawing -> Uni.createFrom().completionStage(drawing))
                  .onItem()
                  .invoke(answer -> drawings.answered())
                  .onFailure()
                  .transform(GrpcErrors::toStatus)
                  .onTermination()
                  .invoke(
                      (failure, cancelled) -> {
                        drawings.end();
                        // A half-received tensor is dropped however the call ends.
                        assembler.abandon();
                        if (cancelled) {
                          assemblyMetrics.cancelled();
                        }
                      });
            });
  }

  /** Takes a frame; starts drawing the tensor it completes, if it completes one. */
  private List<CompletableFuture<RenderTensorsResponse>> take(
      RenderTensorsRequest frame, TensorAssembler assembler, CallDrawings drawings) {
    return drawings.accept(
        () ->
            assembler
                .accept(frame)
                .map(
                    request -> {
                      int index = assembler.index();
                      return drawings.start(request, () -> draw(request, index));
                    }));
  }

  private RenderTensorsResponse draw(DrawRequest request, int index) {
    DrawnTensor drawn;
    try {
      drawn = visualizer.draw(request);
    } catch (IllegalArgumentException e) { // options that fit no tensor of this shape
      throw new InvalidArgumentException(
          "options", "tensor " + index + " ('" + request.name() + "'): " + e.getMessage());
    }
    RenderTensorsResponse.Builder response =
        RenderTensorsResponse.newBuilder()
            .setName(drawn.name())
            .setIndex(index)
            .setNpyKey(drawn.npyKey())
            .setStatistics(
                toProto(drawn.statistics()).toBuilder()
                    .addAllChannelMeans(floats(drawn.channels().means()))
                    .addAllChannelMaxima(floats(drawn.channels().maxima()))
                    .setZeroCount(drawn.health().zeroCount())
                    .addAllDeadChannels(
                        Arrays.stream(drawn.health().deadChannels()).boxed().toList())
                    .setSaturatedCount(drawn.health().saturatedCount()));
    for (DrawnTensor.Picture picture : drawn.pictures()) {
      response.addPictures(
          Picture.newBuilder()
              .setKind(toProto(picture.view()))
              .setKey(picture.key())
              .setWidth(picture.width())
              .setHeight(picture.height())
              .setSizeBytes(picture.sizeBytes())
              .setReused(picture.reused()));
    }
    return response.build();
  }

  private static dev.convscope.api.v1.TensorStatistics toProto(TensorStatistics statistics) {
    return dev.convscope.api.v1.TensorStatistics.newBuilder()
        .setMean(statistics.mean())
        .setStddev(statistics.stddev())
        .setMin(statistics.min())
        .setMax(statistics.max())
        .addAllCounts(Arrays.stream(statistics.counts()).boxed().toList())
        .addAllCenters(Arrays.stream(statistics.centers()).boxed().toList())
        .addAllTicks(Arrays.stream(statistics.ticks()).boxed().toList())
        .setNanCount(statistics.nanCount())
        .setInfiniteCount(statistics.infiniteCount())
        .setValueCount(statistics.valueCount())
        .build();
  }

  private static List<Float> floats(float[] values) {
    List<Float> list = new ArrayList<>(values.length);
    for (float value : values) {
      list.add(value);
    }
    return list;
  }

  private static PictureKind toProto(View view) {
    return switch (view) {
      case TILES -> PictureKind.PICTURE_KIND_TILES;
      case HEATMAP -> PictureKind.PICTURE_KIND_HEATMAP;
      case LINE_PLOT -> PictureKind.PICTURE_KIND_LINE_PLOT;
      case HISTOGRAM -> PictureKind.PICTURE_KIND_HISTOGRAM;
    };
  }
}
