package dev.convscope.gateway.api;

import dev.convscope.api.gateway.v1.RunRequest;
import dev.convscope.api.v1.ChannelSelection;
import dev.convscope.api.v1.IndexList;
import dev.convscope.contract.options.InvalidOptionException;
import dev.convscope.contract.options.RenderOptions;
import dev.convscope.contract.options.RunOptions;
import jakarta.ws.rs.BadRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the contract's run request from the REST API's parameters. What is particular to REST is
 * checked here (the form of a list, a choice between two parameters, a parameter given as 0, which
 * the wire could not tell from one left out); the options' defaults and limits are the contract's,
 * checked again where every run starts ({@code Runner.open}).
 */
final class RunParameters {

  private RunParameters() {}

  static RunRequest.Builder request(
      String model,
      Integer topK,
      String colormap,
      Integer maxWidth,
      Boolean normalize,
      List<String> layers,
      List<Integer> channels,
      Integer firstChannels,
      Boolean skipWeights) {
    RunRequest.Builder request = RunRequest.newBuilder();
    if (model != null) {
      request.setModel(model.trim());
    }
    if (topK != null) {
      request.setTopK(topK);
    }
    dev.convscope.api.v1.RenderOptions.Builder options =
        dev.convscope.api.v1.RenderOptions.newBuilder();
    if (colormap != null) {
      options.setColormap(colormap.trim());
    }
    if (maxWidth != null) {
      options.setMaxWidth(maxWidth);
    }
    if (normalize != null) {
      options.setNormalize(normalize);
    }
    boolean someChannels = channels != null && !channels.isEmpty();
    if (someChannels && firstChannels != null) {
      throw new BadRequestException("give either channels or first_channels, not both");
    }
    if (someChannels) {
      options.setChannels(
          ChannelSelection.newBuilder().setIndices(IndexList.newBuilder().addAllValues(channels)));
    } else if (firstChannels != null) {
      options.setChannels(ChannelSelection.newBuilder().setFirst(firstChannels));
    }
    request.setOptions(options);
    checkGiven(topK, colormap, maxWidth, normalize, channels, firstChannels);
    if (layers != null) {
      layers.stream().map(String::trim).filter(name -> !name.isEmpty()).forEach(request::addLayers);
    }
    if (skipWeights != null) {
      request.setSkipWeights(skipWeights);
    }
    return request;
  }

  /** The options as given, before the wire turns an explicit 0 into "not given". */
  private static void checkGiven(
      Integer topK,
      String colormap,
      Integer maxWidth,
      Boolean normalize,
      List<Integer> channels,
      Integer firstChannels) {
    try {
      dev.convscope.contract.options.ChannelSelection selection = null;
      if (channels != null && !channels.isEmpty()) {
        selection =
            dev.convscope.contract.options.ChannelSelection.indices(
                channels.stream().mapToInt(Integer::intValue).toArray());
      } else if (firstChannels != null) {
        selection = dev.convscope.contract.options.ChannelSelection.first(firstChannels);
      }
      RunOptions.of(
          topK, RenderOptions.of(colormap, maxWidth, normalize, selection), List.of(), false);
    } catch (InvalidOptionException e) {
      throw new BadRequestException(e.option() + ": " + e.getMessage());
    }
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
