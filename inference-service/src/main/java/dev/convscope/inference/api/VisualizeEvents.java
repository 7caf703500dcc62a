package dev.convscope.inference.api;

import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.Predictions;
import dev.convscope.api.v1.RunStarted;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.api.v1.Weights;
import dev.convscope.inference.run.Prediction;
import dev.convscope.inference.run.RunEvents;
import dev.convscope.inference.run.RunStart;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.List;

/** A run's events written to a Visualize call's response stream. */
final class VisualizeEvents implements RunEvents<LayerResult> {

  private final MultiEmitter<? super VisualizeResponse> emitter;

  VisualizeEvents(MultiEmitter<? super VisualizeResponse> emitter) {
    this.emitter = emitter;
  }

  @Override
  public void started(RunStart start) {
    emitter.emit(
        VisualizeResponse.newBuilder()
            .setStarted(
                RunStarted.newBuilder()
                    .setModel(start.model())
                    .setModelDigest(start.modelDigest())
                    .setImageDigest(start.imageDigest())
                    .setPretrained(start.pretrained())
                    .setLayerCount(start.layerCount()))
            .build());
  }

  @Override
  public void predictions(List<Prediction> predictions, boolean pretrained) {
    Predictions.Builder wire =
        Predictions.newBuilder()
            .setWeights(pretrained ? Weights.WEIGHTS_TRAINED : Weights.WEIGHTS_UNTRAINED);
    for (Prediction prediction : predictions) {
      wire.addPredictionsBuilder()
          .setClassIndex(prediction.classIndex())
          .setLabel(prediction.label())
          .setProbability(prediction.probability());
    }
    emitter.emit(VisualizeResponse.newBuilder().setPredictions(wire).build());
  }

  @Override
  public void layer(LayerResult result, boolean reused) {
    LayerResult sent =
        reused
            ? result.toBuilder()
                .clearPictures()
                .addAllPictures(
                    result.getPicturesList().stream()
                        .map(picture -> picture.toBuilder().setReused(true).build())
                        .toList())
                .build()
            : result;
    emitter.emit(VisualizeResponse.newBuilder().setLayer(sent).build());
  }

  @Override
  public boolean callerLeft() {
    return emitter.isCancelled();
  }

  @Override
  public void whenCallerLeaves(Runnable action) {
    emitter.onTermination(action);
  }
}
