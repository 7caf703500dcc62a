package dev.convscope.inference.run;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.contract.options.RunOptions;
import dev.convscope.inference.image.ImageDecoder;
import dev.convscope.models.Blob;
import dev.convscope.models.CapturedTensor;
import dev.convscope.models.CnnModel;
import dev.convscope.models.InputTensors;
import dev.convscope.models.LayerByLayerForward;
import dev.convscope.models.UnknownLayerException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One image through one model: decode and preprocess it, run the model one layer at a time while
 * each chosen blob goes to the drawing side, report the top predictions as soon as the forward pass
 * ends, then relay each layer's result in network order (activations, then weights, which are drawn
 * once per model and drawing options and reused after).
 *
 * @param <R> a drawn layer, as the drawing side answers it
 */
public final class ImageRun<R> {

  private static final long DRAWING_TIMEOUT_SECONDS = 600;

  private final CnnModel model;
  private final RunOptions options;
  private final ImageDecoder decoder;
  private final TensorDrawing.Opener<R> drawings;
  private final DrawnWeights<R> drawnWeights;
  private final RunEvents<R> events;

  private final List<R> pendingResults = new ArrayList<>();
  private final List<R> weightResultsOfThisRun = new ArrayList<>();
  private boolean predictionsSent;

  public ImageRun(
      CnnModel model,
      RunOptions options,
      ImageDecoder decoder,
      TensorDrawing.Opener<R> drawings,
      DrawnWeights<R> drawnWeights,
      RunEvents<R> events) {
    this.model = model;
    this.options = options;
    this.decoder = decoder;
    this.drawings = drawings;
    this.drawnWeights = drawnWeights;
    this.events = events;
  }

  /** Runs the image; every option is checked before anything is computed. */
  public void run(byte[] image) {
    Set<String> layers = selectedLayers();
    int topK = options.forModel(classes()).topK().getAsInt();
    INDArray input = InputTensors.of(decoder.decode(image), model.preprocessing());
    String imageDigest = Sha256.hex(image);
    String weightsKey =
        model.digest()
            + "/"
            + Sha256.hex(
                (options.render().canonical()
                        + ";layers="
                        + String.join(",", layers)
                        + (options.exportNpy() ? ";export_npy" : ""))
                    .getBytes(StandardCharsets.UTF_8));
    Optional<List<R>> cachedWeights =
        options.skipWeights() ? Optional.empty() : drawnWeights.find(weightsKey);
    List<Blob> weighted =
        options.skipWeights()
            ? List.of()
            : model.blobs().stream()
                .filter(b -> layers.contains(b.name()) && b.hasParameters())
                .toList();

    events.started(
        new RunStart(
            model.name(),
            model.digest(),
            imageDigest,
            model.pretrained(),
            layers.size() + weighted.size()));

    TensorDrawing<R> drawing = drawings.open(this::onDrawn);
    events.whenCallerLeaves(() -> drawing.cancel("the caller went away"));
    // Activations are handed to a sender thread, so the forward pass goes on computing the next
    // layer while the last one is serialised and streamed; the predictions go out as soon as the
    // pass ends. The sender is one thread, so tensors still go out in network order.
    ExecutorService sender =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "convscope-send-" + model.name());
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<?>> sends = new ArrayList<>();
      float[] output =
          LayerByLayerForward.run(
              model,
              input,
              tensor -> {
                stopIfCallerLeft();
                if (layers.contains(tensor.name())) {
                  sends.add(sender.submit(() -> drawing.send(tensor, imageDigest)));
                }
              });
      sendPredictions(output, topK);
      awaitAll(sends);
      if (cachedWeights.isEmpty()) {
        // Weights are large (CaffeNet's fc6: 151 MB): one at a time, from this thread.
        for (Blob blob : weighted) {
          stopIfCallerLeft();
          for (CapturedTensor weights : LayerByLayerForward.weights(model, blob)) {
            drawing.send(weights, "");
          }
        }
      }
      drawing.finish(DRAWING_TIMEOUT_SECONDS);
    } catch (RuntimeException e) {
      drawing.cancel("the run failed");
      throw e;
    } finally {
      sender.shutdownNow();
    }
    if (cachedWeights.isPresent()) {
      cachedWeights.get().forEach(result -> layer(result, true));
    } else if (!weighted.isEmpty()) {
      drawnWeights.keep(weightsKey, weightResultsOfThisRun);
    }
  }

  /** Nobody reads the results any more: computing the rest would be wasted. */
  private void stopIfCallerLeft() {
    if (events.callerLeft()) {
      throw new RunCancelledException("the caller went away");
    }
  }

  /** Waits for every send; the first failure is thrown as it was raised. */
  private static void awaitAll(List<Future<?>> sends) {
    for (Future<?> send : sends) {
      try {
        send.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException failure) {
          throw failure;
        }
        throw new IllegalStateException("sending a tensor failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RunCancelledException("interrupted");
      }
    }
  }

  /** Called as each tensor's result arrives, in the order the tensors were sent. */
  private synchronized void onDrawn(R result, boolean weights) {
    if (weights) {
      weightResultsOfThisRun.add(result);
    }
    if (predictionsSent) {
      layer(result, false);
    } else {
      pendingResults.add(result); // predictions go first
    }
  }

  private synchronized void sendPredictions(float[] output, int topK) {
    events.predictions(
        IntStream.range(0, output.length)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> output[i]).reversed())
            .limit(topK)
            .map(i -> new Prediction(i, model.label(i), output[i]))
            .toList(),
        model.pretrained());
    predictionsSent = true;
    pendingResults.forEach(result -> layer(result, false));
    pendingResults.clear();
  }

  private synchronized void layer(R result, boolean reused) {
    events.layer(result, reused);
  }

  private Set<String> selectedLayers() {
    Set<String> all = new LinkedHashSet<>(model.blobs().stream().map(Blob::name).toList());
    if (options.layers().isEmpty()) {
      return all;
    }
    for (String layer : options.layers()) {
      if (!all.contains(layer)) {
        throw new UnknownLayerException(
            "model '"
                + model.name()
                + "' has no layer '"
                + layer
                + "'; its layers are "
                + String.join(", ", all));
      }
    }
    return new LinkedHashSet<>(options.layers());
  }

  /** The model's class count: the size of its last layer's output. */
  private int classes() {
    var layers = model.summary().layers();
    return Arrays.stream(layers.get(layers.size() - 1).outputShape())
        .reduce(1, Math::multiplyExact);
  }
}
