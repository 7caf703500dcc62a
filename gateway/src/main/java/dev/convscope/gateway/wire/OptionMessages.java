package dev.convscope.gateway.wire;

import dev.convscope.api.v1.IndexList;
import dev.convscope.contract.options.ChannelSelection;
import dev.convscope.contract.options.InvalidOptionException;
import dev.convscope.contract.options.RenderOptions;
import dev.convscope.contract.options.RunOptions;
import dev.convscope.contract.options.WireOptions;
import dev.convscope.gateway.failure.InvalidInput;
import java.util.Arrays;

/** The contract's options written as the wire carries them, and read back. */
public final class OptionMessages {

  private OptionMessages() {}

  /**
   * The options of a request message (the wire's 0 and "" mean "not given"); {@link InvalidInput}
   * naming the option when one is out of the contract.
   */
  public static RunOptions read(com.google.protobuf.MessageOrBuilder request) {
    try {
      return WireOptions.run(request);
    } catch (InvalidOptionException e) {
      throw new InvalidInput(e.option() + ": " + e.getMessage(), e);
    }
  }

  /** The render options as the wire carries them. */
  public static dev.convscope.api.v1.RenderOptions write(RenderOptions options) {
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

  /** A settled run's options on a gateway run request: every default written. */
  public static dev.convscope.api.gateway.v1.RunRequest.Builder write(RunOptions options) {
    return dev.convscope.api.gateway.v1.RunRequest.newBuilder()
        .setTopK(options.topK().orElse(0))
        .setOptions(write(options.render()))
        .addAllLayers(options.layers())
        .setSkipWeights(options.skipWeights())
        .setExportNpy(options.exportNpy());
  }
}
