package dev.convscope.models.graph;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;

/**
 * A convolution with groups (Caffe's {@code group: g}, ONNX's {@code group}), which DL4J lacks,
 * built from plain parts: the input channels cut into g equal slices (SubsetVertex), one
 * convolution per slice with out/g filters, and their outputs joined on the channel axis
 * (MergeVertex) under the layer's own name. Group i sees input channels {@code [i·in/g,
 * (i+1)·in/g)} only and makes output channels {@code [i·out/g, (i+1)·out/g)}, as in Caffe and ONNX;
 * the groups' weights joined along the output axis are Caffe's {@code (out, in/g, kh, kw)} blob.
 *
 * <p>Give the graph no input types (setInputTypes): DL4J 1.0.0-M2.1's SubsetVertex reports {@code
 * from - to + 1} channels for image input, a negative number, and the graph builder would pass it
 * on as the groups' input channels.
 */
public final class GroupedConvolution {

  private GroupedConvolution() {}

  /**
   * Adds the vertices to {@code graph}; the grouped output is the vertex named {@code name}.
   *
   * @param convolution makes one group's convolution, given its input and output channels
   * @return the names of the groups' convolution vertices, in channel order
   */
  public static List<String> add(
      GraphBuilder graph,
      String name,
      String input,
      int inputChannels,
      int outputChannels,
      int groups,
      GroupLayer convolution) {
    if (groups < 1 || inputChannels % groups != 0 || outputChannels % groups != 0) {
      throw new IllegalArgumentException(
          name
              + ": "
              + inputChannels
              + " input and "
              + outputChannels
              + " output channels do not split into "
              + groups
              + " groups");
    }
    int slice = inputChannels / groups;
    List<String> convolutions = groupNames(name, groups);
    for (int group = 0; group < groups; group++) {
      String groupName = convolutions.get(group);
      // SubsetVertex's range is inclusive at both ends, on the channel axis of NCHW activations.
      graph.addVertex(
          groupName + "_input", new SubsetVertex(group * slice, (group + 1) * slice - 1), input);
      graph.addLayer(
          groupName, convolution.make(slice, outputChannels / groups), groupName + "_input");
    }
    graph.addVertex(name, new MergeVertex(), convolutions.toArray(String[]::new));
    return convolutions;
  }

  /** The names of a grouped convolution's per-group convolution vertices, in channel order. */
  public static List<String> groupNames(String name, int groups) {
    List<String> names = new ArrayList<>();
    for (int group = 0; group < groups; group++) {
      names.add(name + "_group" + group);
    }
    return List.copyOf(names);
  }

  /** One group's convolution layer. */
  @FunctionalInterface
  public interface GroupLayer {
    ConvolutionLayer make(int inputChannels, int outputChannels);
  }
}
