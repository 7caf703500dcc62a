package dev.convscope.inference.drawing;

import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.RenderOptions;
import dev.convscope.api.v1.RenderTensorsResponse;
import dev.convscope.api.v1.TensorHeader;
import dev.convscope.api.v1.TensorKind;
import dev.convscope.api.v1.VisualizationServiceGrpc;
import dev.convscope.inference.run.TensorDrawing;
import dev.convscope.models.CapturedTensor;
import dev.convscope.models.CnnModel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;

/**
 * A run's tensors drawn by the visualization service: each captured tensor goes out with its header
 * (model, image, drawing options), and each answer comes back as the layer's result.
 */
public final class VisualizationDrawing implements TensorDrawing<LayerResult> {

  /** The layer type of the network's input, as every model format is read. */
  private static final String INPUT_LAYER_TYPE = "Input";

  private static final String INPUT_COLORMAP = "gray";

  private final CnnModel model;
  private final RenderOptions options;
  private final boolean exportNpy;
  private final DrawingSession session;
  private final TensorDrawing.Drawn<LayerResult> onDrawn;
  // What was sent, in order, to turn each answer into a LayerResult.
  private final Queue<TensorHeader> sent = new ArrayDeque<>();

  private VisualizationDrawing(
      VisualizationServiceGrpc.VisualizationServiceStub visualization,
      CnnModel model,
      RenderOptions options,
      boolean exportNpy,
      TensorDrawing.Drawn<LayerResult> onDrawn) {
    this.model = model;
    this.options = options;
    this.exportNpy = exportNpy;
    this.onDrawn = onDrawn;
    this.session = new DrawingSession(visualization, this::answered);
  }

  /**
   * Sessions for one run of {@code model}, drawn with the run's (normalised) options.
   *
   * @param exportNpy store each tensor's values as .npy too
   */
  public static TensorDrawing.Opener<LayerResult> opener(
      VisualizationServiceGrpc.VisualizationServiceStub visualization,
      CnnModel model,
      RenderOptions options,
      boolean exportNpy) {
    return onDrawn -> new VisualizationDrawing(visualization, model, options, exportNpy, onDrawn);
  }

  @Override
  public void send(CapturedTensor tensor, String imageDigest) {
    TensorHeader.Builder header =
        TensorHeader.newBuilder()
            .setName(tensor.name())
            .setKind(
                tensor.weights()
                    ? TensorKind.TENSOR_KIND_WEIGHTS
                    : TensorKind.TENSOR_KIND_ACTIVATION)
            .setLayerType(tensor.layerType())
            .setChannelOrder(WireChannelOrder.of(model.preprocessing().order()))
            .setModelDigest(model.digest())
            .setImageDigest(imageDigest)
            .setOptions(optionsFor(tensor))
            .setExportNpy(exportNpy);
    Arrays.stream(tensor.shape()).forEach(header::addShape);
    TensorHeader built = header.build();
    synchronized (sent) {
      sent.add(built);
    }
    session.send(built, tensor.values());
  }

  /**
   * The input is a picture, and is drawn as one: grey for one channel (three channels are drawn in
   * their own colours whatever the colormap), never in the run's colormap.
   */
  private RenderOptions optionsFor(CapturedTensor tensor) {
    if (tensor.weights() || !INPUT_LAYER_TYPE.equals(tensor.layerType())) {
      return options;
    }
    return options.toBuilder().setColormap(INPUT_COLORMAP).build();
  }

  @Override
  public void finish(long timeoutSeconds) {
    session.finish(timeoutSeconds);
  }

  @Override
  public void cancel(String why) {
    session.cancel(why);
  }

  /** Called on a gRPC thread as each tensor's pictures are stored. */
  private void answered(RenderTensorsResponse drawn) {
    TensorHeader header;
    synchronized (sent) {
      header = sent.remove();
    }
    LayerResult result =
        LayerResult.newBuilder()
            .setName(drawn.getName())
            .setKind(header.getKind())
            .setLayerType(header.getLayerType())
            .addAllShape(header.getShapeList())
            .setStatistics(drawn.getStatistics())
            .addAllPictures(drawn.getPicturesList())
            .setNpyKey(drawn.getNpyKey())
            .build();
    onDrawn.drawn(result, header.getKind() == TensorKind.TENSOR_KIND_WEIGHTS);
  }
}
