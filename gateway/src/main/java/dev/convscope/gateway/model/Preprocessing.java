package dev.convscope.gateway.model;

import java.util.List;

/**
 * The image a model takes and how an uploaded picture is made into it.
 *
 * @param resize how the picture is fitted to height and width
 * @param mean what is subtracted from each channel, in channel order
 * @param scale what each value is multiplied by, after the mean
 * @param description all of it in one sentence, for people
 */
public record Preprocessing(
    int height,
    int width,
    int channels,
    ChannelOrder channelOrder,
    String resize,
    List<Float> mean,
    float scale,
    String description) {

  public Preprocessing {
    mean = List.copyOf(mean);
  }
}
