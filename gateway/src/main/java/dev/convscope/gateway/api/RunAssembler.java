package dev.convscope.gateway.api;

import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.Picture;
import dev.convscope.api.v1.Prediction;
import dev.convscope.api.v1.RunStarted;
import dev.convscope.api.v1.TensorStatistics;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.gateway.api.RunResult.LayerView;
import dev.convscope.gateway.api.RunResult.PictureLink;
import dev.convscope.gateway.api.RunResult.PredictionView;
import dev.convscope.gateway.api.RunResult.StatisticsView;
import dev.convscope.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Gathers a run's event stream (started, predictions, then one result per layer) into one answer,
 * giving each stored picture a presigned URL so clients never need the store's keys.
 */
@ApplicationScoped
public class RunAssembler {

  private final ObjectStore store;
  private final GatewayConfig config;

  RunAssembler(ObjectStore store, GatewayConfig config) {
    this.store = store;
    this.config = config;
  }

  RunResult assemble(Iterator<VisualizeResponse> events) {
    RunStarted started = RunStarted.getDefaultInstance();
    List<PredictionView> predictions = new ArrayList<>();
    List<LayerView> layers = new ArrayList<>();
    while (events.hasNext()) {
      VisualizeResponse event = events.next();
      switch (event.getEventCase()) {
        case STARTED -> started = event.getStarted();
        case PREDICTIONS ->
            event.getPredictions().getPredictionsList().stream()
                .map(RunAssembler::prediction)
                .forEach(predictions::add);
        case LAYER -> layers.add(layer(event.getLayer()));
        case EVENT_NOT_SET -> {
          // A newer server's event this gateway does not know yet.
        }
      }
    }
    return new RunResult(
        started.getModel(),
        started.getModelDigest(),
        started.getImageDigest(),
        started.getPretrained(),
        List.copyOf(predictions),
        List.copyOf(layers));
  }

  private static PredictionView prediction(Prediction prediction) {
    return new PredictionView(
        prediction.getLabel(), prediction.getClassIndex(), prediction.getProbability());
  }

  private LayerView layer(LayerResult layer) {
    return new LayerView(
        layer.getName(),
        enumName(layer.getKind().name(), "TENSOR_KIND_"),
        layer.getLayerType(),
        List.copyOf(layer.getShapeList()),
        statistics(layer.getStatistics()),
        layer.getPicturesList().stream().map(this::link).toList());
  }

  private static StatisticsView statistics(TensorStatistics statistics) {
    return new StatisticsView(
        statistics.getMean(),
        statistics.getStddev(),
        statistics.getMin(),
        statistics.getMax(),
        List.copyOf(statistics.getCountsList()),
        List.copyOf(statistics.getCentersList()),
        List.copyOf(statistics.getTicksList()));
  }

  private PictureLink link(Picture picture) {
    return new PictureLink(
        enumName(picture.getKind().name(), "PICTURE_KIND_"),
        picture.getWidth(),
        picture.getHeight(),
        store.presignedGetUrl(picture.getKey(), config.urlExpiry()));
  }

  /** The proto enum's name as JSON shows it: {@code PICTURE_KIND_LINE_PLOT} is "line_plot". */
  private static String enumName(String protoName, String prefix) {
    String name = protoName.startsWith(prefix) ? protoName.substring(prefix.length()) : protoName;
    return name.toLowerCase(Locale.ROOT);
  }
}
