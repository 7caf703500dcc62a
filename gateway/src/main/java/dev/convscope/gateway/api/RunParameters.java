package dev.convscope.gateway.api;

import dev.convscope.contract.options.ChannelSelection;
import dev.convscope.contract.options.InvalidOptionException;
import dev.convscope.contract.options.RenderOptions;
import dev.convscope.contract.options.RunOptions;
import dev.convscope.gateway.run.ImageRunRequest;
import dev.convscope.gateway.run.ImageSource;
import jakarta.ws.rs.BadRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a run request from the REST API's parameters. What is particular to REST is checked here
 * (the form of a list, a choice between two parameters); the options' defaults and limits are the
 * contract's, and a bad one is answered before anything else is looked at.
 */
final class RunParameters {

  private RunParameters() {}

  /** The options as given: a bad one is a bad request naming it. */
  static RunOptions options(
      Integer topK,
      String colormap,
      Integer maxWidth,
      Boolean normalize,
      List<String> layers,
      List<Integer> channels,
      Integer firstChannels,
      Boolean skipWeights,
      Boolean npy) {
    boolean someChannels = channels != null && !channels.isEmpty();
    if (someChannels && firstChannels != null) {
      throw new BadRequestException("give either channels or first_channels, not both");
    }
    try {
      ChannelSelection selection = null;
      if (someChannels) {
        selection =
            ChannelSelection.indices(channels.stream().mapToInt(Integer::intValue).toArray());
      } else if (firstChannels != null) {
        selection = ChannelSelection.first(firstChannels);
      }
      return RunOptions.of(
              topK,
              RenderOptions.of(colormap, maxWidth, normalize, selection),
              layers,
              Boolean.TRUE.equals(skipWeights))
          .withExportNpy(Boolean.TRUE.equals(npy));
    } catch (InvalidOptionException e) {
      throw new BadRequestException(e.option() + ": " + e.getMessage());
    }
  }

  /** A run of the image through the model (blank or left out: the default model). */
  static ImageRunRequest request(String model, ImageSource image, RunOptions options) {
    return new ImageRunRequest(model == null ? "" : model.strip(), image, options);
  }

  /** "conv1, conv2" as a list of names; null stays null. */
  static List<String> names(String commaSeparated) {
    return commaSeparated == null ? null : Arrays.asList(commaSeparated.split(","));
  }

  /** "0,5,7" as channel indices; anything that is not a list of integers is a bad request. */
  static List<Integer> indices(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return null;
    }
    List<Integer> indices = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      try {
        indices.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        throw new BadRequestException(
            "channels must be comma-separated indices such as 0,5,7; '" + part.trim() + "' is not");
      }
    }
    return indices;
  }
}
