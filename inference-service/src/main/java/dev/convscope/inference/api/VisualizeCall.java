package dev.convscope.inference.api;

import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.Prediction;
import dev.convscope.api.v1.Predictions;
import dev.convscope.api.v1.RenderTensorsResponse;
import dev.convscope.api.v1.RunStarted;
import dev.convscope.api.v1.TensorHeader;
import dev.convscope.api.v1.TensorKind;
import dev.convscope.api.v1.VisualizationServiceGrpc;
import dev.convscope.api.v1.VisualizeRequest;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.contract.digest.Sha256;
import dev.convscope.contract.options.RenderOptions;
import dev.convscope.contract.options.RunOptions;
import dev.convscope.inference.activation.LayerByLayerForward;
import dev.convscope.inference.drawing.DrawingSession;
import dev.convscope.inference.image.ImageDecoder;
import dev.convscope.inference.image.InputTensors;
import dev.convscope.inference.model.Blob;
import dev.convscope.inference.model.CapturedTensor;
import dev.convscope.inference.model.CnnModel;
import dev.convscope.inference.model.UnknownLayerException;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One Visualize call: decode and preprocess the image, run the model one layer at a time while each
 * captured blob streams to the visualization service, send the top predictions as soon as the
 * forward pass ends, then relay each layer's stored result in network order (activations, then
 * weights, which are drawn once per model).
 */
final class VisualizeCall {

  private static final long DRAWING_TIMEOUT_SECONDS = 600;

  private final CnnModel model;
  private final VisualizeRequest request;
  private final MultiEmitter<? super VisualizeResponse> emitter;
  private final ImageDecoder decoder;
  private final VisualizationServiceGrpc.VisualizationServiceStub visualization;
  private final WeightResults weightResults;

  // What was sent, in order, to turn each answer into a LayerResult.
  private final Queue<TensorHeader> sent = new ArrayDeque<>();
  private final List<LayerResult> pendingResults = new ArrayList<>();
  private final List<LayerResult> weightResultsOfThisRun = new ArrayList<>();
  private boolean predictionsSent;

  VisualizeCall(
      CnnModel model,
      VisualizeRequest request,
      MultiEmitter<? super VisualizeResponse> emitter,
      ImageDecoder decoder,
      VisualizationServiceGrpc.VisualizationServiceStub visualization,
      WeightResults weightResults) {
    this.model = model;
    this.request = request;
    this.emitter = emitter;
    this.decoder = decoder;
    this.visualization = visualization;
    this.weightResults = weightResults;
  }

  void run() {
    Set<String> layers = selectedLayers();
    int topK = topK();
    INDArray input =
        InputTensors.of(decoder.decode(request.getImage().toByteArray()), model.preprocessing());
    String imageDigest = Sha256.hex(request.getImage().asReadOnlyByteBufferList());
    String weightsKey =
        model.digest()
            + "/"
            + Sha256.newDigest()
                .update(request.getOptions().toByteString().asReadOnlyByteBufferList())
                .update(String.join(",", layers))
                .toHex();
    var cachedWeights =
        request.getSkipWeights()
            ? java.util.Optional.<List<LayerResult>>empty()
            : weightResults.find(weightsKey);
    List<Blob> weighted =
        request.getSkipWeights()
            ? List.of()
            : model.blobs().stream()
                .filter(b -> layers.contains(b.name()) && b.hasParameters())
                .toList();

    emit(
        VisualizeResponse.newBuilder()
            .setStarted(
                RunStarted.newBuilder()
                    .setModel(model.name())
                    .setModelDigest(model.digest())
                    .setImageDigest(imageDigest)
                    .setPretrained(model.pretrained())
                    .setLayerCount(layers.size() + weighted.size()))
            .build());

    DrawingSession drawing = new DrawingSession(visualization, this::onDrawn);
    emitter.onTermination(() -> drawing.cancel("the caller went away"));
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
                  sends.add(sender.submit(() -> send(drawing, tensor, imageDigest)));
                }
              });
      sendPredictions(output, topK);
      awaitAll(sends);
      if (cachedWeights.isEmpty()) {
        // Weights are large (CaffeNet's fc6: 151 MB): one at a time, from this thread.
        for (Blob blob : weighted) {
          stopIfCallerLeft();
          for (CapturedTensor weights : LayerByLayerForward.weights(model, blob)) {
            send(drawing, weights, "");
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
      cachedWeights
          .get()
          .forEach(
              result ->
                  emitLayer(
                      result.toBuilder()
                          .clearPictures()
                          .addAllPictures(
                              result.getPicturesList().stream()
                                  .map(p -> p.toBuilder().setReused(true).build())
                                  .toList())
                          .build()));
    } else if (!weighted.isEmpty()) {
      weightResults.keep(weightsKey, weightResultsOfThisRun);
    }
    emitter.complete();
  }

  /** Nobody reads the answer any more: computing the rest would be wasted. */
  private void stopIfCallerLeft() {
    if (emitter.isCancelled()) {
      throw io.grpc.Status.CANCELLED.withDescription("the caller went away").asRuntimeException();
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
        throw io.grpc.Status.CANCELLED.withDescription("interrupted").asRuntimeException();
      }
    }
  }

  private void send(DrawingSession drawing, CapturedTensor tensor, String imageDigest) {
    TensorHeader.Builder header =
        TensorHeader.newBuilder()
            .setName(tensor.name())
            .setKind(
                tensor.weights()
                    ? TensorKind.TENSOR_KIND_WEIGHTS
                    : TensorKind.TENSOR_KIND_ACTIVATION)
            .setLayerType(tensor.layerType())
            .setChannelOrder(SummaryMapping.channelOrder(model.preprocessing().order()))
            .setModelDigest(model.digest())
            .setImageDigest(imageDigest)
            .setOptions(request.getOptions());
    Arrays.stream(tensor.shape()).forEach(header::addShape);
    TensorHeader built = header.build();
    synchronized (this) {
      sent.add(built);
    }
    drawing.send(built, tensor.values());
  }

  /** Called on a gRPC thread as each tensor's pictures are stored. */
  private synchronized void onDrawn(RenderTensorsResponse drawn) {
    TensorHeader header = sent.remove();
    LayerResult result =
        LayerResult.newBuilder()
            .setName(drawn.getName())
            .setKind(header.getKind())
            .setLayerType(header.getLayerType())
            .addAllShape(header.getShapeList())
            .setStatistics(drawn.getStatistics())
            .addAllPictures(drawn.getPicturesList())
            .build();
    if (header.getKind() == TensorKind.TENSOR_KIND_WEIGHTS) {
      weightResultsOfThisRun.add(result);
    }
    if (predictionsSent) {
      emitLayer(result);
    } else {
      pendingResults.add(result); // predictions go first
    }
  }

  private synchronized void sendPredictions(float[] output, int topK) {
    Predictions.Builder predictions = Predictions.newBuilder();
    IntStream.range(0, output.length)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> output[i]).reversed())
        .limit(topK)
        .forEach(
            i ->
                predictions.addPredictions(
                    Prediction.newBuilder()
                        .setClassIndex(i)
                        .setLabel(model.label(i))
                        .setProbability(output[i])));
    emit(VisualizeResponse.newBuilder().setPredictions(predictions).build());
    predictionsSent = true;
    pendingResults.forEach(this::emitLayer);
    pendingResults.clear();
  }

  private synchronized void emitLayer(LayerResult result) {
    emit(VisualizeResponse.newBuilder().setLayer(result).build());
  }

  private synchronized void emit(VisualizeResponse response) {
    emitter.emit(response);
  }

  private Set<String> selectedLayers() {
    Set<String> all = new LinkedHashSet<>(model.blobs().stream().map(Blob::name).toList());
    if (request.getLayersCount() == 0) {
      return all;
    }
    for (String layer : request.getLayersList()) {
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
    return new LinkedHashSet<>(request.getLayersList());
  }

  /** The contract's top-k for this model (0: the default); checked before anything runs. */
  private int topK() {
    var layers = model.summary().layers();
    int classes =
        Arrays.stream(layers.get(layers.size() - 1).outputShape()).reduce(1, Math::multiplyExact);
    // An InvalidOptionException is an IllegalArgumentException: INVALID_ARGUMENT to the caller.
    return RunOptions.of(
            request.getTopK() == 0 ? null : request.getTopK(),
            RenderOptions.defaults(),
            List.of(),
            false)
        .forModel(classes)
        .topK()
        .getAsInt();
  }
}
