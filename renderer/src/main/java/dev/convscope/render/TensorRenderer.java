package dev.convscope.render;

import dev.convscope.contract.options.View;
import java.util.ArrayList;
import java.util.List;

/** Turns one tensor into its statistics and every picture its shape calls for. */
public final class TensorRenderer {

  /** One drawn view of a tensor. */
  public record Drawing(View view, RgbImage image) {}

  /** Everything drawn for a tensor. */
  public record Result(TensorStatistics statistics, List<Drawing> drawings) {}

  private TensorRenderer() {}

  public static Result render(Tensor tensor, boolean weights, DrawingOptions options) {
    TensorStatistics statistics = TensorStatistics.of(tensor.values());
    List<Drawing> drawings = new ArrayList<>();
    for (View view : View.forTensor(tensor.axes(), weights)) {
      drawings.add(new Drawing(view, draw(view, tensor, statistics, options)));
    }
    return new Result(statistics, drawings);
  }

  public static RgbImage draw(
      View view, Tensor tensor, TensorStatistics statistics, DrawingOptions options) {
    return switch (view) {
      case TILES -> TileRenderer.render(tensor, options);
      case HEATMAP -> HeatmapRenderer.render(tensor, options);
      case LINE_PLOT -> LinePlotRenderer.render(tensor, options);
      case HISTOGRAM -> HistogramRenderer.render(statistics, options);
    };
  }
}
