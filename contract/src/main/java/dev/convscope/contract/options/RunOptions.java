package dev.convscope.contract.options;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a run asks for besides its model and image: how many predictions, which layers, whether to
 * draw weights, and how to draw. Normalised and checked once, where a request comes in; the run's
 * id is computed from {@link #canonical()}, so asking for a default and leaving it out name the
 * same run.
 *
 * @param topK how many of the most probable classes to report; empty: the default, settled against
 *     the model by {@link #forModel}
 * @param render how every tensor of the run is drawn
 * @param layers the layers to capture, in the order asked; empty for every layer
 * @param skipWeights draw the activations only
 * @param exportNpy store every captured tensor's values as .npy beside its pictures
 */
public record RunOptions(
    OptionalInt topK,
    RenderOptions render,
    List<String> layers,
    boolean skipWeights,
    boolean exportNpy) {

  /** Top-5, as DIGITS and the Caffe lab reported (every class when a model has fewer). */
  public static final int DEFAULT_TOP_K = 5;

  /** The fewest predictions a run may ask for; the most is the model's class count. */
  public static final int MIN_TOP_K = 1;

  public RunOptions {
    Objects.requireNonNull(topK, "topK");
    Objects.requireNonNull(render, "render");
    layers = List.copyOf(layers);
  }

  /** Without the tensors' values, as most runs ask. */
  public RunOptions(
      OptionalInt topK, RenderOptions render, List<String> layers, boolean skipWeights) {
    this(topK, render, layers, skipWeights, false);
  }

  /** Every default: top-5, DIGITS' drawing, every layer, weights drawn. */
  public static RunOptions defaults() {
    return of(null, RenderOptions.defaults(), List.of(), false);
  }

  /**
   * The options as a request gives them, where a null top-k means the default; layer names are
   * trimmed and blank ones dropped.
   *
   * @throws InvalidOptionException naming the option that is out of the contract
   */
  public static RunOptions of(
      Integer topK, RenderOptions render, List<String> layers, boolean skipWeights) {
    if (topK != null && topK < MIN_TOP_K) {
      throw new InvalidOptionException(
          "top_k", "top_k must be at least " + MIN_TOP_K + ", not " + topK);
    }
    List<String> names =
        layers == null
            ? List.of()
            : layers.stream().map(String::strip).filter(name -> !name.isEmpty()).toList();
    return new RunOptions(
        topK == null ? OptionalInt.empty() : OptionalInt.of(topK), render, names, skipWeights);
  }

  /**
   * These options for a model of {@code classes} classes: the default top-k becomes 5, or every
   * class when there are fewer; a top-k the request gave must not exceed the classes.
   *
   * @throws InvalidOptionException when the request asked for more classes than the model has
   */
  public RunOptions forModel(int classes) {
    if (topK.isPresent() && topK.getAsInt() > classes) {
      throw new InvalidOptionException(
          "top_k",
          "top_k " + topK.getAsInt() + " is more than the model's " + classes + " classes");
    }
    int settled = topK.orElse(Math.min(DEFAULT_TOP_K, classes));
    return new RunOptions(OptionalInt.of(settled), render, layers, skipWeights, exportNpy);
  }

  /** These options, storing the values of every tensor too (or not). */
  public RunOptions withExportNpy(boolean export) {
    return new RunOptions(topK, render, layers, skipWeights, export);
  }

  /**
   * These options written out in one fixed form, every default filled in, for naming the run.
   * Changing this form changes every run id (stored runs are then computed again, not lost).
   */
  public String canonical() {
    return "top_k="
        + (topK.isPresent() ? Integer.toString(topK.getAsInt()) : "default")
        + ";"
        + render.canonical()
        + ";layers="
        + String.join(",", layers)
        + ";skip_weights="
        + skipWeights
        // Written only when asked, so that every run id from before the option stays as it was.
        + (exportNpy ? ";export_npy=true" : "");
  }
}
