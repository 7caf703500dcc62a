package dev.convscope.gateway.run;

import dev.convscope.api.gateway.v1.RunRequest;
import dev.convscope.api.v1.IndexList;
import dev.convscope.contract.options.ChannelSelection;
import dev.convscope.contract.options.InvalidOptionException;
import dev.convscope.contract.options.RenderOptions;
import dev.convscope.contract.options.RunOptions;
import dev.convscope.contract.options.WireOptions;
import dev.convscope.gateway.failure.InvalidInput;
import java.util.Arrays;

/**
 * A run request's options read into the contract's {@link RunOptions}, where they are defaulted and
 * checked, and written back in their normalised form: what the inference service is asked and what
 * the manifest records.
 */
final class RequestOptions {

  private RequestOptions() {}

  /**
   * The request's options (the wire's 0 and "" mean "not given"); {@link InvalidInput} naming the
   * option when one is out of the contract.
   */
  static RunOptions of(RunRequest request) {
    try {
      return WireOptions.run(request);
    } catch (InvalidOptionException e) {
      throw invalid(e);
    }
  }

  /** The options settled for a model of {@code classes} classes (its top-k). */
  static RunOptions forModel(RunOptions options, int classes) {
    try {
      return options.forModel(classes);
    } catch (InvalidOptionException e) {
      throw invalid(e);
    }
  }

  private static InvalidInput invalid(InvalidOptionException e) {
    return new InvalidInput(e.option() + ": " + e.getMessage(), e);
  }

  /** The request with its options replaced by their normalised form (every default written). */
  static RunRequest normalized(RunRequest request, RunOptions options) {
    return request.toBuilder()
        .setTopK(options.topK().orElse(0))
        .setOptions(toWire(options.render()))
        .clearLayers()
        .addAllLayers(options.layers())
        .setSkipWeights(options.skipWeights())
        .build();
  }

  /** The render options as the wire carries them. */
  static dev.convscope.api.v1.RenderOptions toWire(RenderOptions options) {
    var wire =
        dev.convscope.api.v1.RenderOptions.newBuilder()
            .setColormap(options.colormap().name())
            .setMaxWidth(options.maxWidth());
    options.normalize().ifPresent(wire::setNormalize);
    if (options.channels() instanceof ChannelSelection.First first) {
      wire.setChannels(dev.convscope.api.v1.ChannelSelection.newBuilder().setFirst(first.n()));
    } else if (options.channels() instanceof ChannelSelection.Indices indices) {
      wire.setChannels(
          dev.convscope.api.v1.ChannelSelection.newBuilder()
              .setIndices(
                  IndexList.newBuilder()
                      .addAllValues(Arrays.stream(indices.values()).boxed().toList())));
    }
    return wire.build();
  }
}
