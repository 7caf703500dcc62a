package dev.convscope.visualization.pipeline;

import dev.convscope.visualization.png.PngEncoder;
import dev.convscope.visualization.render.ChannelStatistics;
import dev.convscope.visualization.render.MapArray;
import dev.convscope.visualization.render.TensorRenderer;
import dev.convscope.visualization.store.PictureKeys;
import dev.convscope.visualization.store.PictureStore;
import dev.convscope.visualization.store.StoredPicture;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Draws a tensor, encodes every view as PNG and stores it; reports only what is stored. */
@ApplicationScoped
public class TensorVisualizer {

  private final PictureStore store;
  private final PngEncoder encoder = PngEncoder.DEFAULT;

  public TensorVisualizer(PictureStore store) {
    this.store = store;
  }

  public DrawnTensor draw(DrawRequest request) {
    TensorRenderer.Result rendered =
        TensorRenderer.render(request.tensor(), request.weights(), request.options());
    boolean colour = MapArray.of(request.tensor(), request.options().channelOrder()).colour();
    List<DrawnTensor.Picture> pictures = new ArrayList<>();
    for (TensorRenderer.Drawing drawing : rendered.drawings()) {
      String key =
          PictureKeys.of(
              request.name(),
              request.weights(),
              request.modelDigest(),
              request.imageDigest(),
              request.contentDigest(),
              drawing.view(),
              request.options(),
              colour);
      StoredPicture stored = store.putIfAbsent(key, encoder.encode(drawing.image()));
      pictures.add(
          new DrawnTensor.Picture(
              drawing.view(),
              stored.key(),
              drawing.image().width(),
              drawing.image().height(),
              stored.sizeBytes(),
              stored.reused()));
    }
    ChannelStatistics channels =
        request.weights() ? ChannelStatistics.NONE : ChannelStatistics.of(request.tensor());
    return new DrawnTensor(request.name(), rendered.statistics(), channels, List.copyOf(pictures));
  }
}
