package dev.convscope.gateway.model;

import java.util.List;

/**
 * The image a model takes and how an uploaded picture is made into it.
 *
 * @param resize how the picture is fitted to height and width
 * @param mean what is subtracted from each channel, in channel order
 * @param std what each channel's values are divided by after the mean, on the mean's 0..255 scale;
 *     empty for none
 * @param scale what each value is multiplied by, after the mean and the std
 * @param description all of it in one sentence, for people
 */
public record Preprocessing(
    int height,
    int width,
    int channels,
    ChannelOrder channelOrder,
    String resize,
    List<Float> mean,
    List<Float> std,
    float scale,
    String description) {

  public Preprocessing {
    mean = List.copyOf(mean);
    std = List.copyOf(std);
  }
}
