package dev.convscope.models.caffe;

import dev.convscope.models.caffe.format.CaffeMessages.BlobShape;
import dev.convscope.models.caffe.format.CaffeMessages.LayerParameter;
import dev.convscope.models.caffe.format.CaffeMessages.NetParameter;
import dev.convscope.models.caffe.format.CaffeMessages.NetStateRule;
import dev.convscope.models.caffe.format.CaffeMessages.Phase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the network a prototxt defines, as Caffe builds a deploy network (TEST phase): V1 layers
 * upgraded, layers the phase leaves out dropped, inputs gathered, and then each layer in order
 * checked against the blobs before it (every bottom produced earlier, no blob produced twice except
 * in place) and its tops' shapes worked out.
 */
final class NetworkAssembler {

  private final Map<String, List<Integer>> shapes = new LinkedHashMap<>();
  private final Map<String, String> producers = new HashMap<>();
  private final Set<String> layerNames = new HashSet<>();
  private final List<CaffeInput> inputs = new ArrayList<>();
  private final List<CaffeLayer> layers = new ArrayList<>();

  private NetworkAssembler() {}

  static CaffeNetwork assemble(NetParameter net) {
    if (net.getLayerCount() > 0 && net.getLayersCount() > 0) {
      throw new CaffeFormatException(
          "the network mixes current layers (layer) with V1 layers (layers); a file uses one");
    }
    NetworkAssembler assembler = new NetworkAssembler();
    assembler.addNetInputs(net);
    List<LayerParameter> all =
        net.getLayersCount() > 0
            ? net.getLayersList().stream().map(V1Layers::upgrade).toList()
            : net.getLayerList();
    for (int i = 0; i < all.size(); i++) {
      if (inTestPhase(all.get(i))) {
        assembler.add(all.get(i), i + 1);
      }
    }
    if (assembler.inputs.isEmpty()) {
      throw new CaffeFormatException(
          "the network declares no input (an Input layer, or input with input_shape or"
              + " input_dim)");
    }
    if (assembler.layers.isEmpty()) {
      throw new CaffeFormatException("the network has no layer besides its inputs");
    }
    return new CaffeNetwork(net.getName(), assembler.inputs, assembler.layers, assembler.shapes);
  }

  /** Inputs of files from before the Input layer: one shape per name, or four input_dim each. */
  private void addNetInputs(NetParameter net) {
    int count = net.getInputCount();
    if (net.getInputShapeCount() > 0 && net.getInputDimCount() > 0) {
      throw new CaffeFormatException("the network gives both input_shape and input_dim");
    }
    if (net.getInputShapeCount() > 0 && net.getInputShapeCount() != count) {
      throw new CaffeFormatException(
          "the network's inputs "
              + net.getInputList()
              + " take one input_shape each; it gives "
              + net.getInputShapeCount());
    }
    if (net.getInputShapeCount() == 0 && net.getInputDimCount() != 4 * count) {
      throw new CaffeFormatException(
          "the network's inputs "
              + net.getInputList()
              + " take four input_dim each (num, channels, height, width); it gives "
              + net.getInputDimList());
    }
    for (int i = 0; i < count; i++) {
      List<Long> dims =
          net.getInputShapeCount() > 0
              ? net.getInputShape(i).getDimList()
              : net.getInputDimList().subList(4 * i, 4 * i + 4).stream()
                  .map(Integer::longValue)
                  .toList();
      addInput("input", net.getInput(i), dims);
    }
  }

  /** Adds a layer; its position (from 1) in the file names it in a message if it has no name. */
  private void add(LayerParameter layer, int position) {
    String name = layer.getName();
    if (name.isEmpty()) {
      throw new CaffeFormatException(
          "layer " + position + " of the file (type '" + layer.getType() + "') has no name");
    }
    if (!layerNames.add(name)) {
      throw new CaffeFormatException("two layers are named '" + name + "'");
    }
    CaffeLayerType type =
        CaffeLayerType.tryParse(layer.getType())
            .orElseThrow(
                () ->
                    new CaffeFormatException(
                        "layer '"
                            + name
                            + "' has type '"
                            + layer.getType()
                            + "', which is not supported; supported types: "
                            + CaffeLayerType.supportedNames()));
    checkArity(layer, type);
    if (type == CaffeLayerType.INPUT) {
      addInputLayer(layer);
      return;
    }
    List<List<Integer>> bottoms = new ArrayList<>();
    for (String bottom : layer.getBottomList()) {
      List<Integer> shape = shapes.get(bottom);
      if (shape == null) {
        throw new CaffeFormatException(
            "layer '"
                + name
                + "' reads blob '"
                + bottom
                + "', which no layer before it produces (a dangling input); blobs so far: "
                + shapes.keySet());
      }
      bottoms.add(shape);
    }
    LayerParams params = LayerParamsReader.read(layer, type);
    LayerShapes.Result result = LayerShapes.infer(name, type, params, bottoms);
    define(name, type, layer.getBottomList(), layer.getTop(0), 0, result.top());
    layers.add(
        new CaffeLayer(
            name,
            type,
            layer.getBottomList(),
            layer.getTopList(),
            result.params(),
            result.parameters()));
  }

  private static void checkArity(LayerParameter layer, CaffeLayerType type) {
    int bottoms = layer.getBottomCount();
    int tops = layer.getTopCount();
    boolean topsFit = type == CaffeLayerType.INPUT ? tops > 0 : tops == 1;
    if (bottoms < type.minBottoms() || bottoms > type.maxBottoms() || !topsFit) {
      String wanted =
          type.minBottoms() == type.maxBottoms()
              ? String.valueOf(type.minBottoms())
              : type.maxBottoms() == Integer.MAX_VALUE
                  ? type.minBottoms() + " or more"
                  : type.minBottoms() + " to " + type.maxBottoms();
      throw new CaffeFormatException(
          "layer '"
              + layer.getName()
              + "' ("
              + type.caffeName()
              + ") reads "
              + layer.getBottomList()
              + " and writes "
              + layer.getTopList()
              + "; this reader builds it reading "
              + wanted
              + " and writing "
              + (type == CaffeLayerType.INPUT ? "1 or more" : "1")
              + " blobs");
    }
  }

  private void addInputLayer(LayerParameter layer) {
    List<BlobShape> given = layer.getInputParam().getShapeList();
    int tops = layer.getTopCount();
    if (given.size() != 1 && given.size() != tops) {
      throw new CaffeFormatException(
          "Input layer '"
              + layer.getName()
              + "' gives "
              + given.size()
              + " shapes for "
              + tops
              + " tops; one for all, or one per top");
    }
    for (int i = 0; i < tops; i++) {
      addInput(layer.getName(), layer.getTop(i), given.get(given.size() == 1 ? 0 : i).getDimList());
    }
  }

  private void addInput(String layer, String name, List<Long> dims) {
    List<Integer> shape = new ArrayList<>();
    for (long dim : dims) {
      if (dim < 1 || dim > Integer.MAX_VALUE) {
        throw new CaffeFormatException(
            "input '" + name + "' has shape " + dims + "; every size must be at least 1");
      }
      shape.add((int) dim);
    }
    define(layer, CaffeLayerType.INPUT, List.of(), name, 0, shape);
    inputs.add(new CaffeInput(name, shape));
  }

  /** Records a top; a blob is produced once, except by a layer computing in place. */
  private void define(
      String layer,
      CaffeLayerType type,
      List<String> bottoms,
      String top,
      int index,
      List<Integer> shape) {
    boolean inPlace = index < bottoms.size() && bottoms.get(index).equals(top);
    if (inPlace && !type.computesInPlace()) {
      throw new CaffeFormatException(
          "layer '"
              + layer
              + "' ("
              + type.caffeName()
              + ") writes its result over its bottom '"
              + top
              + "'; only these compute in place: "
              + inPlaceTypes());
    }
    if (!inPlace && producers.containsKey(top)) {
      throw new CaffeFormatException(
          "layer '"
              + layer
              + "' writes blob '"
              + top
              + "', which layer '"
              + producers.get(top)
              + "' already produced; only a layer computing in place (top named as its bottom)"
              + " may write a blob again");
    }
    producers.putIfAbsent(top, layer);
    shapes.put(top, List.copyOf(shape));
  }

  private static String inPlaceTypes() {
    return String.join(
        ", ",
        Arrays.stream(CaffeLayerType.values())
            .filter(CaffeLayerType::computesInPlace)
            .map(CaffeLayerType::caffeName)
            .toList());
  }

  /** Caffe's include/exclude rules, for the state a deploy network has: TEST, level 0, no stage. */
  private static boolean inTestPhase(LayerParameter layer) {
    if (layer.getIncludeCount() > 0 && layer.getExcludeCount() > 0) {
      throw new CaffeFormatException(
          "layer '" + layer.getName() + "' has both include and exclude rules; give one kind");
    }
    if (layer.getIncludeCount() > 0) {
      return layer.getIncludeList().stream().anyMatch(NetworkAssembler::holds);
    }
    return layer.getExcludeList().stream().noneMatch(NetworkAssembler::holds);
  }

  private static boolean holds(NetStateRule rule) {
    return (!rule.hasPhase() || rule.getPhase() == Phase.TEST)
        && (!rule.hasMinLevel() || rule.getMinLevel() <= 0)
        && (!rule.hasMaxLevel() || rule.getMaxLevel() >= 0)
        && rule.getStageCount() == 0;
  }
}
