package dev.convscope.gateway.api;

import dev.convscope.api.gateway.v1.RunFinished;
import dev.convscope.api.gateway.v1.RunOpened;
import dev.convscope.api.gateway.v1.RunResponse;
import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.ModelSummary;
import dev.convscope.api.v1.Picture;
import dev.convscope.api.v1.Prediction;
import dev.convscope.api.v1.Predictions;
import dev.convscope.api.v1.RunStarted;
import dev.convscope.api.v1.TensorStatistics;
import dev.convscope.gateway.api.RunResult.LayerView;
import dev.convscope.gateway.api.RunResult.PictureLink;
import dev.convscope.gateway.api.RunResult.PredictionView;
import dev.convscope.gateway.api.RunResult.StatisticsView;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** The contract's run messages as the REST API's JSON shows them. */
final class RunViews {

  private RunViews() {}

  /** Gathers a whole run into one answer. */
  static RunResult collect(Iterator<RunResponse> events) {
    RunOpened opened = RunOpened.getDefaultInstance();
    List<PredictionView> predictions = List.of();
    List<LayerView> layers = new ArrayList<>();
    String manifestUrl = null;
    while (events.hasNext()) {
      RunResponse event = events.next();
      switch (event.getEventCase()) {
        case OPENED -> opened = event.getOpened();
        case PREDICTIONS -> predictions = predictions(event.getPredictions());
        case LAYER -> layers.add(layer(event.getLayer()));
        case FINISHED -> manifestUrl = event.getFinished().getManifestUrl();
        case EVENT_NOT_SET -> {
          // Nothing to show.
        }
      }
    }
    RunStarted run = opened.getRun();
    return new RunResult(
        opened.getRunId(),
        opened.getFromManifest(),
        run.getModel(),
        run.getModelDigest(),
        run.getImageDigest(),
        run.getPretrained(),
        predictions,
        List.copyOf(layers),
        manifestUrl,
        summary(opened.getModelSummary()));
  }

  /** One event as a stream line; {@code layerIndex} numbers the layer events. */
  static RunEventView event(RunResponse event, int layerIndex) {
    return switch (event.getEventCase()) {
      case OPENED -> {
        RunOpened opened = event.getOpened();
        RunStarted run = opened.getRun();
        yield new RunEventView.Started(
            "started",
            opened.getRunId(),
            opened.getFromManifest(),
            run.getModel(),
            run.getModelDigest(),
            run.getImageDigest(),
            run.getPretrained(),
            run.getLayerCount());
      }
      case PREDICTIONS ->
          new RunEventView.Predictions("predictions", predictions(event.getPredictions()));
      case LAYER -> new RunEventView.Layer("layer", layerIndex, layer(event.getLayer()));
      case FINISHED -> {
        RunFinished finished = event.getFinished();
        yield new RunEventView.Finished(
            "finished", finished.getRunId(), finished.getFromManifest(), finished.getManifestUrl());
      }
      case EVENT_NOT_SET -> null;
    };
  }

  static List<PredictionView> predictions(Predictions predictions) {
    return predictions.getPredictionsList().stream().map(RunViews::prediction).toList();
  }

  static LayerView layer(LayerResult layer) {
    return new LayerView(
        layer.getName(),
        enumName(layer.getKind().name(), "TENSOR_KIND_"),
        layer.getLayerType(),
        List.copyOf(layer.getShapeList()),
        statistics(layer.getStatistics()),
        layer.getPicturesList().stream().map(RunViews::link).toList());
  }

  private static ModelDetails summary(ModelSummary summary) {
    return summary.getDigest().isEmpty() ? null : ModelDetails.from(summary);
  }

  private static PredictionView prediction(Prediction prediction) {
    return new PredictionView(
        prediction.getLabel(), prediction.getClassIndex(), prediction.getProbability());
  }

  private static StatisticsView statistics(TensorStatistics statistics) {
    return new StatisticsView(
        statistics.getMean(),
        statistics.getStddev(),
        statistics.getMin(),
        statistics.getMax(),
        List.copyOf(statistics.getCountsList()),
        List.copyOf(statistics.getCentersList()),
        List.copyOf(statistics.getTicksList()),
        statistics.getNanCount(),
        statistics.getInfiniteCount(),
        statistics.getValueCount(),
        List.copyOf(statistics.getChannelMeansList()),
        List.copyOf(statistics.getChannelMaximaList()));
  }

  private static PictureLink link(Picture picture) {
    return new PictureLink(
        enumName(picture.getKind().name(), "PICTURE_KIND_"),
        picture.getWidth(),
        picture.getHeight(),
        picture.getSizeBytes(),
        picture.getUrl());
  }

  /** The proto enum's name as JSON shows it: {@code PICTURE_KIND_LINE_PLOT} is "line_plot". */
  private static String enumName(String protoName, String prefix) {
    String name = protoName.startsWith(prefix) ? protoName.substring(prefix.length()) : protoName;
    return name.toLowerCase(Locale.ROOT);
  }
}
