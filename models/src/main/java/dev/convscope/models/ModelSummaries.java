package dev.convscope.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Works out a model's summary: output shapes from one blank forward pass, parameters from the
 * graph.
 */
final class ModelSummaries {

  private ModelSummaries() {}

  static ModelSummary of(CnnModel model) {
    Map<String, int[]> shapes = new HashMap<>();
    INDArray blank =
        Nd4j.zeros(
            org.nd4j.linalg.api.buffer.DataType.FLOAT,
            1,
            model.preprocessing().channels(),
            model.preprocessing().height(),
            model.preprocessing().width());
    LayerByLayerForward.run(model, blank, tensor -> shapes.put(tensor.name(), tensor.shape()));
    List<ModelSummary.Layer> layers = new ArrayList<>();
    for (Blob blob : model.blobs()) {
      List<ModelSummary.Parameter> parameters = new ArrayList<>();
      model
          .parameters(blob)
          .forEach(
              (name, array) ->
                  parameters.add(
                      new ModelSummary.Parameter(
                          name,
                          Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray())));
      layers.add(
          new ModelSummary.Layer(
              blob.name(), blob.type(), shapes.get(blob.name()), List.copyOf(parameters)));
    }
    return new ModelSummary(
        model.name(),
        model.digest(),
        model.source(),
        model.pretrained(),
        model.preprocessing(),
        List.copyOf(layers),
        model.labels());
  }
}
