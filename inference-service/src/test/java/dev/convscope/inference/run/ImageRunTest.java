package dev.convscope.inference.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.contract.options.RenderOptions;
import dev.convscope.contract.options.RunOptions;
import dev.convscope.inference.image.ImageDecoder;
import dev.convscope.inference.testing.TestImages;
import dev.convscope.models.CapturedTensor;
import dev.convscope.models.CnnModel;
import dev.convscope.models.UnknownLayerException;
import dev.convscope.models.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The run on its own, with a drawing side that answers each tensor at once with its name: the order
 * of what a caller sees, the reuse of drawn weights, and the checks made before any work.
 */
class ImageRunTest {

  private static final CnnModel MODEL = TestModels.tinyLeNet();
  private static final ImageDecoder DECODER = new ImageDecoder(1 << 20, 1 << 20);
  private static final byte[] IMAGE = TestImages.disc(12, 12, "png");

  /** What a caller saw, one line per event. */
  private static final class Recorded implements RunEvents<String> {
    final List<String> seen = new ArrayList<>();
    boolean left;

    @Override
    public void started(RunStart start) {
      seen.add("started " + start.layerCount());
    }

    @Override
    public void predictions(List<Prediction> predictions, boolean pretrained) {
      seen.add("predictions " + predictions.size() + (pretrained ? "" : " (untrained)"));
    }

    @Override
    public void layer(String result, boolean reused) {
      seen.add(result + (reused ? " (reused)" : ""));
    }

    @Override
    public boolean callerLeft() {
      return left;
    }

    @Override
    public void whenCallerLeaves(Runnable action) {}
  }

  /** Answers every tensor as soon as it is sent, with "name/kind"; counts what it drew. */
  private static final class Answering implements TensorDrawing.Opener<String> {
    final List<String> drawn = new ArrayList<>();

    @Override
    public TensorDrawing<String> open(TensorDrawing.Drawn<String> onDrawn) {
      return new TensorDrawing<>() {
        @Override
        public void send(CapturedTensor tensor, String imageDigest) {
          String name = tensor.name() + (tensor.weights() ? "/weights" : "/activation");
          drawn.add(name);
          onDrawn.drawn(name, tensor.weights());
        }

        @Override
        public void finish(long timeoutSeconds) {}

        @Override
        public void cancel(String why) {}
      };
    }
  }

  private static RunOptions options(Integer topK, List<String> layers, boolean skipWeights) {
    return RunOptions.of(topK, RenderOptions.defaults(), layers, skipWeights);
  }

  @Test
  void predictionsComeBeforeEveryLayerAndWeightsAfterActivations() {
    Recorded events = new Recorded();
    new ImageRun<>(
            MODEL,
            options(null, List.of("conv1", "prob"), false),
            DECODER,
            new Answering(),
            new DrawnWeights<>(),
            events)
        .run(IMAGE);

    assertThat(events.seen)
        .containsExactly(
            "started 4",
            // The default top-5, cut to the model's three classes; its weights are seeded.
            "predictions 3 (untrained)",
            "conv1/activation",
            "prob/activation",
            "conv1/weights",
            "prob/weights");
  }

  @Test
  void weightsAreDrawnOncePerModelAndOptionsThenReused() {
    DrawnWeights<String> kept = new DrawnWeights<>();
    Answering first = new Answering();
    new ImageRun<>(MODEL, options(1, List.of("conv1"), false), DECODER, first, kept, new Recorded())
        .run(IMAGE);
    Answering second = new Answering();
    Recorded events = new Recorded();
    new ImageRun<>(MODEL, options(1, List.of("conv1"), false), DECODER, second, kept, events)
        .run(IMAGE);

    assertThat(first.drawn).containsExactly("conv1/activation", "conv1/weights");
    assertThat(second.drawn).containsExactly("conv1/activation");
    assertThat(events.seen).endsWith("conv1/activation", "conv1/weights (reused)");
  }

  @Test
  void anUnknownLayerOrTooLargeATopKIsRefusedBeforeAnythingStarts() {
    Recorded events = new Recorded();
    Answering drawing = new Answering();
    assertThatThrownBy(
            () ->
                new ImageRun<>(
                        MODEL,
                        options(null, List.of("conv9"), false),
                        DECODER,
                        drawing,
                        new DrawnWeights<>(),
                        events)
                    .run(IMAGE))
        .isInstanceOf(UnknownLayerException.class)
        .hasMessageContaining("conv9");
    assertThatThrownBy(
            () ->
                new ImageRun<>(
                        MODEL,
                        options(4, List.of(), false),
                        DECODER,
                        drawing,
                        new DrawnWeights<>(),
                        events)
                    .run(IMAGE))
        .hasMessageContaining("more than the model's 3 classes");
    assertThat(events.seen).isEmpty();
    assertThat(drawing.drawn).isEmpty();
  }

  @Test
  void aRunWhoseCallerLeftStopsWithoutDrawing() {
    Recorded events = new Recorded();
    events.left = true;
    Answering drawing = new Answering();
    assertThatThrownBy(
            () ->
                new ImageRun<>(
                        MODEL,
                        options(null, List.of(), true),
                        DECODER,
                        drawing,
                        new DrawnWeights<>(),
                        events)
                    .run(IMAGE))
        .isInstanceOf(RunCancelledException.class);
    assertThat(drawing.drawn).isEmpty();
  }
}
