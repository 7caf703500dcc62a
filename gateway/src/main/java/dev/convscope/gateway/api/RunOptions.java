package dev.convscope.gateway.api;

import dev.convscope.api.gateway.v1.RunRequest;
import dev.convscope.api.v1.ChannelSelection;
import dev.convscope.api.v1.IndexList;
import dev.convscope.api.v1.RenderOptions;
import jakarta.ws.rs.BadRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the contract's run request from the REST API's parameters, rejecting what makes no sense.
 */
final class RunOptions {

  private RunOptions() {}

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
      if (topK < 1) {
        throw new BadRequestException("top_k must be at least 1, not " + topK);
      }
      request.setTopK(topK);
    }
    RenderOptions.Builder options = RenderOptions.newBuilder();
    if (colormap != null) {
      options.setColormap(colormap.trim());
    }
    if (maxWidth != null) {
      if (maxWidth < 1) {
        throw new BadRequestException("max_width must be at least 1 pixel, not " + maxWidth);
      }
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
      for (int channel : channels) {
        if (channel < 0) {
          throw new BadRequestException("channel indices start at 0, not " + channel);
        }
      }
      options.setChannels(
          ChannelSelection.newBuilder().setIndices(IndexList.newBuilder().addAllValues(channels)));
    } else if (firstChannels != null) {
      if (firstChannels < 1) {
        throw new BadRequestException("first_channels must be at least 1, not " + firstChannels);
      }
      options.setChannels(ChannelSelection.newBuilder().setFirst(firstChannels));
    }
    request.setOptions(options);
    if (layers != null) {
      layers.stream().map(String::trim).filter(name -> !name.isEmpty()).forEach(request::addLayers);
    }
    if (skipWeights != null) {
      request.setSkipWeights(skipWeights);
    }
    return request;
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
