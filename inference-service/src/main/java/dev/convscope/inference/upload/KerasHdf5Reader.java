package dev.convscope.inference.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convscope.models.ImageLayout;
import dev.convscope.models.ModelFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.KerasSequentialModel;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder;

/**
 * Reads a Keras model saved as HDF5 (configuration and weights) with DL4J's Keras import: a
 * Sequential model becomes a MultiLayerNetwork and then a graph, a functional one a graph. The
 * builder behind {@code KerasModelImport} is used directly because it also gives the input's type,
 * which the imported network does not keep. Training settings DL4J cannot map are ignored: the
 * model only runs forward here.
 */
final class KerasHdf5Reader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private KerasHdf5Reader() {}

  static LoadedNetwork read(Path file) {
    try (KerasModelBuilder builder =
        new KerasModel()
            .modelBuilder()
            .modelHdf5Filename(file.toString())
            .enforceTrainingConfig(false)) {
      ComputationGraph graph;
      KerasModel model;
      if (isSequential(builder.getModelJson())) {
        KerasSequentialModel sequential = builder.buildSequential();
        graph = ModelFiles.asGraph(sequential.getMultiLayerNetwork(true));
        model = sequential;
      } else {
        model = builder.buildModel();
        graph = model.getComputationGraph(true);
      }
      return new LoadedNetwork(graph, inputOf(model.getInputLayerNames(), model.getOutputTypes()));
    } catch (ModelRejectedException e) {
      throw e;
    } catch (Exception | LinkageError e) {
      throw new ModelRejectedException(
          "the file is not a Keras model DL4J can import: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
          e);
    }
  }

  private static boolean isSequential(String modelJson) throws java.io.IOException {
    JsonNode config = JSON.readTree(modelJson);
    return "Sequential".equals(config.path("class_name").asText());
  }

  private static ImageInput inputOf(List<String> inputLayers, Map<String, InputType> types) {
    if (inputLayers.size() != 1) {
      throw new ModelRejectedException(
          "the model takes " + inputLayers.size() + " inputs; an image model takes one");
    }
    InputType type = types.get(inputLayers.get(0));
    if (type instanceof InputType.InputTypeConvolutional image) {
      return new ImageInput(
          Math.toIntExact(image.getChannels()),
          Math.toIntExact(image.getHeight()),
          Math.toIntExact(image.getWidth()),
          image.getFormat() == CNN2DFormat.NHWC ? ImageLayout.NHWC : ImageLayout.NCHW,
          true);
    }
    String what =
        switch (type == null ? InputType.Type.FF : type.getType()) {
          case FF ->
              "it takes a vector of "
                  + (type == null ? "?" : type.arrayElementsPerExample())
                  + " values";
          case RNN -> "it takes a sequence";
          case CNN3D -> "it takes a 3-D volume";
          default -> "it takes " + type;
        };
    throw new ModelRejectedException(
        "the model's input is not an image: "
            + what
            + "; an image model takes height x width x channels");
  }
}
