package dev.convscope.gateway.api;

import dev.convscope.gateway.api.RunResult.LayerView;
import dev.convscope.gateway.api.RunResult.PictureLink;
import dev.convscope.gateway.api.RunResult.PredictionView;
import dev.convscope.gateway.api.RunResult.StatisticsView;
import dev.convscope.gateway.run.DrawnLayer;
import dev.convscope.gateway.run.Picture;
import dev.convscope.gateway.run.Prediction;
import dev.convscope.gateway.run.Predictions;
import dev.convscope.gateway.run.RunEvent;
import dev.convscope.gateway.run.RunFinished;
import dev.convscope.gateway.run.RunOpened;
import dev.convscope.gateway.run.RunStart;
import dev.convscope.gateway.run.TensorStatistics;
import dev.convscope.gateway.run.Weights;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** A run's events as the REST API's JSON shows them. */
final class RunViews {

  /** Shown beside predictions that seeded weights made, wherever they are shown. */
  static final String UNTRAINED_WEIGHTS_NOTICE =
      "Untrained weights: this model's weights were drawn from a seed, not learned, so these"
          + " predictions say nothing about the image.";

  private RunViews() {}

  /** Gathers a whole run into one answer. */
  static RunResult collect(Iterator<RunEvent> events) {
    RunOpened opened = null;
    Predictions predictions = new Predictions(List.of(), Weights.UNSPECIFIED);
    List<LayerView> layers = new ArrayList<>();
    String manifestUrl = null;
    while (events.hasNext()) {
      RunEvent event = events.next();
      if (event instanceof RunOpened first) {
        opened = first;
      } else if (event instanceof Predictions ranked) {
        predictions = ranked;
      } else if (event instanceof DrawnLayer layer) {
        layers.add(layer(layer));
      } else if (event instanceof RunFinished finished) {
        manifestUrl = finished.manifestUrl();
      }
    }
    if (opened == null) {
      throw new IllegalStateException("a run always opens before it tells anything else");
    }
    RunStart run = opened.run();
    return new RunResult(
        opened.runId(),
        opened.fromManifest(),
        run.model(),
        run.modelDigest(),
        run.imageDigest(),
        run.pretrained(),
        predictions(predictions),
        lowerCase(predictions.weights()),
        weightsNotice(predictions),
        List.copyOf(layers),
        manifestUrl,
        opened.modelSummary().map(ModelDetails::from).orElse(null));
  }

  /** One event as a stream line; {@code layerIndex} numbers the layer events. */
  static RunEventView event(RunEvent event, int layerIndex) {
    if (event instanceof RunOpened opened) {
      RunStart run = opened.run();
      return new RunEventView.Started(
          "started",
          opened.runId(),
          opened.fromManifest(),
          run.model(),
          run.modelDigest(),
          run.imageDigest(),
          run.pretrained(),
          run.layerCount());
    }
    if (event instanceof Predictions ranked) {
      return new RunEventView.Predictions(
          "predictions", predictions(ranked), lowerCase(ranked.weights()), weightsNotice(ranked));
    }
    if (event instanceof DrawnLayer layer) {
      return new RunEventView.Layer("layer", layerIndex, layer(layer));
    }
    RunFinished finished = (RunFinished) event;
    return new RunEventView.Finished(
        "finished", finished.runId(), finished.fromManifest(), finished.manifestUrl());
  }

  /** The notice for predictions from untrained weights; null for any others. */
  static String weightsNotice(Predictions predictions) {
    return predictions.fromUntrainedWeights() ? UNTRAINED_WEIGHTS_NOTICE : null;
  }

  static List<PredictionView> predictions(Predictions predictions) {
    return predictions.ranked().stream().map(RunViews::prediction).toList();
  }

  static LayerView layer(DrawnLayer layer) {
    return new LayerView(
        layer.name(),
        lowerCase(layer.kind()),
        layer.layerType(),
        layer.shape(),
        statistics(layer.statistics()),
        layer.pictures().stream().map(RunViews::link).toList(),
        layer.npyUrl().isEmpty() ? null : layer.npyUrl(),
        layer.npyKey().isEmpty() ? null : layer.npyKey());
  }

  private static PredictionView prediction(Prediction prediction) {
    return new PredictionView(
        prediction.label(), prediction.classIndex(), prediction.probability());
  }

  private static StatisticsView statistics(TensorStatistics statistics) {
    return new StatisticsView(
        statistics.mean(),
        statistics.stddev(),
        statistics.min(),
        statistics.max(),
        statistics.counts(),
        statistics.centers(),
        statistics.ticks(),
        statistics.nanCount(),
        statistics.infiniteCount(),
        statistics.valueCount(),
        statistics.channelMeans(),
        statistics.channelMaxima(),
        statistics.zeroCount(),
        statistics.deadChannels(),
        statistics.saturatedCount());
  }

  private static PictureLink link(Picture picture) {
    return new PictureLink(
        lowerCase(picture.kind()),
        picture.width(),
        picture.height(),
        picture.sizeBytes(),
        picture.url());
  }

  /** An enum as JSON shows it: {@code LINE_PLOT} is "line_plot". */
  private static String lowerCase(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
