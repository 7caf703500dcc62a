package dev.convscope.visualization.pipeline;

import dev.convscope.render.ChannelStatistics;
import dev.convscope.render.LayerHealth;
import dev.convscope.render.MapArray;
import dev.convscope.render.TensorRenderer;
import dev.convscope.render.npy.NpyFile;
import dev.convscope.render.png.PngEncoder;
import dev.convscope.visualization.store.PictureKeys;
import dev.convscope.visualization.store.PictureStore;
import dev.convscope.visualization.store.StoredPicture;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Draws a tensor, encodes every view as PNG and stores it; reports only what is stored. A tensor's
 * views (tiles, line plot, histogram) are encoded and stored side by side: each store request is a
 * round trip or two (HEAD, then PUT) that is mostly waiting, so doing them one after another made a
 * vector layer cost three times its slowest picture.
 */
@ApplicationScoped
public class TensorVisualizer {

  /** Pictures encoded and stored at once, over all calls: bounds the PNGs held in memory. */
  private static final int PICTURE_WRITERS = 8;

  private final PictureStore store;
  private final PngEncoder encoder = PngEncoder.DEFAULT;
  private final ExecutorService writers = Executors.newFixedThreadPool(PICTURE_WRITERS, daemons());

  public TensorVisualizer(PictureStore store) {
    this.store = store;
  }

  public DrawnTensor draw(DrawRequest request) {
    TensorRenderer.Result rendered =
        TensorRenderer.render(request.tensor(), request.weights(), request.options());
    boolean colour = MapArray.of(request.tensor(), request.options().channelOrder()).colour();
    List<CompletableFuture<DrawnTensor.Picture>> pictures = new ArrayList<>();
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
      pictures.add(CompletableFuture.supplyAsync(() -> encodeAndStore(key, drawing), writers));
    }
    CompletableFuture<String> npy =
        request.exportNpy()
            ? CompletableFuture.supplyAsync(() -> storeValues(request), writers)
            : CompletableFuture.completedFuture("");
    ChannelStatistics channels =
        request.weights() ? ChannelStatistics.NONE : ChannelStatistics.of(request.tensor());
    LayerHealth health =
        request.weights()
            ? LayerHealth.NONE
            : LayerHealth.of(request.tensor(), request.layerType(), channels.maxima());
    List<DrawnTensor.Picture> stored = stored(pictures);
    return new DrawnTensor(
        request.name(),
        rendered.statistics(),
        channels,
        health,
        stored,
        stored(List.of(npy)).get(0));
  }

  /** The values the pictures are drawn from, as numpy's .npy, beside the pictures. */
  private String storeValues(DrawRequest request) {
    String key =
        PictureKeys.valuesOf(
            request.name(),
            request.weights(),
            request.modelDigest(),
            request.imageDigest(),
            request.contentDigest());
    return store
        .putIfAbsent(key, NpyFile.bytesOf(request.tensor()), "application/octet-stream")
        .key();
  }

  @PreDestroy
  void stopWriters() {
    writers.shutdown();
  }

  private DrawnTensor.Picture encodeAndStore(String key, TensorRenderer.Drawing drawing) {
    StoredPicture stored = store.putIfAbsent(key, encoder.encode(drawing.image()), "image/png");
    return new DrawnTensor.Picture(
        drawing.view(),
        stored.key(),
        drawing.image().width(),
        drawing.image().height(),
        stored.sizeBytes(),
        stored.reused());
  }

  /** Waits for every picture; the first failure (the store away, say) is rethrown as it was. */
  private static <T> List<T> stored(List<CompletableFuture<T>> pictures) {
    try {
      CompletableFuture.allOf(pictures.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw e;
    }
    return pictures.stream().map(CompletableFuture::join).toList();
  }

  private static ThreadFactory daemons() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "picture-writer-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
