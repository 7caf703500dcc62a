package dev.convscope.gateway.wire;

import dev.convscope.api.gateway.v1.RunResponse;
import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.RunStarted;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.gateway.failure.InvalidInput;
import dev.convscope.gateway.run.DrawnLayer;
import dev.convscope.gateway.run.ImageRunRequest;
import dev.convscope.gateway.run.ImageSource;
import dev.convscope.gateway.run.InferenceEvent;
import dev.convscope.gateway.run.Picture;
import dev.convscope.gateway.run.PictureKind;
import dev.convscope.gateway.run.Prediction;
import dev.convscope.gateway.run.Predictions;
import dev.convscope.gateway.run.RunEvent;
import dev.convscope.gateway.run.RunFinished;
import dev.convscope.gateway.run.RunOpened;
import dev.convscope.gateway.run.RunStart;
import dev.convscope.gateway.run.TensorKind;
import dev.convscope.gateway.run.TensorStatistics;
import dev.convscope.gateway.run.Weights;
import java.util.Optional;

/** A run's request and events between the contract's messages and the gateway's records. */
public final class RunMessages {

  private RunMessages() {}

  /**
   * A gateway run request: options first, so a bad one is named before the image is looked at;
   * {@link InvalidInput} when an option is out of the contract or the request has no image.
   */
  public static ImageRunRequest read(dev.convscope.api.gateway.v1.RunRequest request) {
    var options = OptionMessages.read(request);
    ImageSource image =
        switch (request.getImageCase()) {
          case IMAGE_BYTES -> new ImageSource.Sent(request.getImageBytes().toByteArray());
          case IMAGE_KEY -> new ImageSource.Stored(request.getImageKey());
          case IMAGE_NOT_SET ->
              throw new InvalidInput("the request has no image: send its bytes or its key");
        };
    return new ImageRunRequest(request.getModel().strip(), image, options);
  }

  /** One event of the inference service's run; empty for an event this gateway does not know. */
  public static Optional<InferenceEvent> read(VisualizeResponse event) {
    return switch (event.getEventCase()) {
      case STARTED -> Optional.of(read(event.getStarted()));
      case PREDICTIONS -> Optional.of(read(event.getPredictions()));
      case LAYER -> Optional.of(read(event.getLayer()));
      case EVENT_NOT_SET -> Optional.empty();
    };
  }

  /** One event of the gateway's run as its gRPC answer carries it. */
  public static RunResponse write(RunEvent event) {
    RunResponse.Builder response = RunResponse.newBuilder();
    if (event instanceof RunOpened opened) {
      var wire =
          dev.convscope.api.gateway.v1.RunOpened.newBuilder()
              .setRunId(opened.runId())
              .setRun(write(opened.run()))
              .setFromManifest(opened.fromManifest());
      opened.modelSummary().map(ModelMessages::write).ifPresent(wire::setModelSummary);
      response.setOpened(wire);
    } else if (event instanceof Predictions predictions) {
      response.setPredictions(write(predictions));
    } else if (event instanceof DrawnLayer layer) {
      response.setLayer(write(layer));
    } else if (event instanceof RunFinished finished) {
      response.setFinished(
          dev.convscope.api.gateway.v1.RunFinished.newBuilder()
              .setRunId(finished.runId())
              .setFromManifest(finished.fromManifest())
              .setManifestKey(finished.manifestKey())
              .setManifestUrl(finished.manifestUrl()));
    }
    return response.build();
  }

  static RunStart read(RunStarted run) {
    return new RunStart(
        run.getModel(),
        run.getModelDigest(),
        run.getImageDigest(),
        run.getPretrained(),
        run.getLayerCount());
  }

  static RunStarted write(RunStart run) {
    return RunStarted.newBuilder()
        .setModel(run.model())
        .setModelDigest(run.modelDigest())
        .setImageDigest(run.imageDigest())
        .setPretrained(run.pretrained())
        .setLayerCount(run.layerCount())
        .build();
  }

  static Predictions read(dev.convscope.api.v1.Predictions predictions) {
    return new Predictions(
        predictions.getPredictionsList().stream()
            .map(p -> new Prediction(p.getClassIndex(), p.getLabel(), p.getProbability()))
            .toList(),
        Enums.read(Weights.class, predictions.getWeights(), "WEIGHTS_"));
  }

  static dev.convscope.api.v1.Predictions write(Predictions predictions) {
    return dev.convscope.api.v1.Predictions.newBuilder()
        .addAllPredictions(
            predictions.ranked().stream()
                .map(
                    p ->
                        dev.convscope.api.v1.Prediction.newBuilder()
                            .setClassIndex(p.classIndex())
                            .setLabel(p.label())
                            .setProbability(p.probability())
                            .build())
                .toList())
        .setWeights(
            Enums.write(dev.convscope.api.v1.Weights.class, predictions.weights(), "WEIGHTS_"))
        .build();
  }

  static DrawnLayer read(LayerResult layer) {
    return new DrawnLayer(
        layer.getName(),
        Enums.read(TensorKind.class, layer.getKind(), "TENSOR_KIND_"),
        layer.getLayerType(),
        layer.getShapeList(),
        read(layer.getStatistics()),
        layer.getPicturesList().stream().map(RunMessages::read).toList(),
        layer.getNpyKey(),
        layer.getNpyUrl());
  }

  static LayerResult write(DrawnLayer layer) {
    return LayerResult.newBuilder()
        .setName(layer.name())
        .setKind(Enums.write(dev.convscope.api.v1.TensorKind.class, layer.kind(), "TENSOR_KIND_"))
        .setLayerType(layer.layerType())
        .addAllShape(layer.shape())
        .setStatistics(write(layer.statistics()))
        .addAllPictures(layer.pictures().stream().map(RunMessages::write).toList())
        .setNpyKey(layer.npyKey())
        .setNpyUrl(layer.npyUrl())
        .build();
  }

  private static TensorStatistics read(dev.convscope.api.v1.TensorStatistics statistics) {
    return new TensorStatistics(
        statistics.getMean(),
        statistics.getStddev(),
        statistics.getMin(),
        statistics.getMax(),
        statistics.getCountsList(),
        statistics.getCentersList(),
        statistics.getTicksList(),
        statistics.getNanCount(),
        statistics.getInfiniteCount(),
        statistics.getValueCount(),
        statistics.getChannelMeansList(),
        statistics.getChannelMaximaList(),
        statistics.getZeroCount(),
        statistics.getDeadChannelsList(),
        statistics.getSaturatedCount());
  }

  private static dev.convscope.api.v1.TensorStatistics write(TensorStatistics statistics) {
    return dev.convscope.api.v1.TensorStatistics.newBuilder()
        .setMean(statistics.mean())
        .setStddev(statistics.stddev())
        .setMin(statistics.min())
        .setMax(statistics.max())
        .addAllCounts(statistics.counts())
        .addAllCenters(statistics.centers())
        .addAllTicks(statistics.ticks())
        .setNanCount(statistics.nanCount())
        .setInfiniteCount(statistics.infiniteCount())
        .setValueCount(statistics.valueCount())
        .addAllChannelMeans(statistics.channelMeans())
        .addAllChannelMaxima(statistics.channelMaxima())
        .setZeroCount(statistics.zeroCount())
        .addAllDeadChannels(statistics.deadChannels())
        .setSaturatedCount(statistics.saturatedCount())
        .build();
  }

  private static Picture read(dev.convscope.api.v1.Picture picture) {
    return new Picture(
        Enums.read(PictureKind.class, picture.getKind(), "PICTURE_KIND_"),
        picture.getKey(),
        picture.getWidth(),
        picture.getHeight(),
        picture.getSizeBytes(),
        picture.getReused(),
        picture.getUrl());
  }

  private static dev.convscope.api.v1.Picture write(Picture picture) {
    return dev.convscope.api.v1.Picture.newBuilder()
        .setKind(
            Enums.write(dev.convscope.api.v1.PictureKind.class, picture.kind(), "PICTURE_KIND_"))
        .setKey(picture.key())
        .setWidth(picture.width())
        .setHeight(picture.height())
        .setSizeBytes(picture.sizeBytes())
        .setReused(picture.reused())
        .setUrl(picture.url())
        .build();
  }
}
