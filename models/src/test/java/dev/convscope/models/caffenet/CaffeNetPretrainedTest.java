package dev.convscope.models.caffenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.models.CnnModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class CaffeNetPretrainedTest {

  @TempDir Path models;

  @Test
  void aZipInTheModelsFolderIsLoadedInsteadOfTheFillers() throws Exception {
    CnnModel trained = CaffeNet.initialised(7);
    // Weights no filler would draw, so the test sees that these are the ones loaded.
    trained.graph().getLayer("conv2_group1").getParam("W").muli(3).addi(0.25);
    INDArray ramp = Nd4j.arange(1000).castTo(DataType.FLOAT).reshape(1, 1000).divi(500).subi(1);
    trained.graph().getLayer("fc8").getParam("b").assign(ramp);
    Path file = models.resolve("caffenet.zip");
    ModelSerializer.writeModel(trained.graph(), file.toFile(), false);

    CaffeNet factory = new CaffeNet(models);
    CnnModel loaded = factory.load();

    assertThat(factory.modelFile()).contains(file);
    assertThat(loaded.pretrained()).isTrue();
    assertThat(loaded.name()).isEqualTo("caffenet");
    assertThat(loaded.digest()).isEqualTo(Sha256.hex(file)).isNotEqualTo(trained.digest());
    for (String vertex : new String[] {"conv1", "conv2_group1", "conv5_group0", "fc6", "fc8"}) {
      for (String key : new String[] {"W", "b"}) {
        assertThat(
                Arrays.equals(
                    floats(loaded.graph().getLayer(vertex).getParam(key)),
                    floats(trained.graph().getLayer(vertex).getParam(key))))
            .as(vertex + " " + key)
            .isTrue();
      }
    }
    assertThat(loaded.graph().params().dataType()).isEqualTo(DataType.FLOAT);

    Nd4j.getRandom().setSeed(3);
    INDArray image = Nd4j.rand(DataType.FLOAT, 1, 3, 227, 227).muli(255).subi(117);
    assertThat(
            Arrays.equals(
                floats(loaded.graph().outputSingle(false, image)),
                floats(trained.graph().outputSingle(false, image))))
        .as("same output")
        .isTrue();
    assertThat(loaded.summary().parameterCount()).isEqualTo(60_965_224L);
  }

  @Test
  void withoutAZipTheFillersAreUsed() {
    CaffeNet factory = new CaffeNet(models);

    CnnModel model = factory.load();

    assertThat(factory.modelFile()).isEmpty();
    assertThat(model.pretrained()).isFalse();
    assertThat(model.digest()).matches("[0-9a-f]{64}");
  }

  @Test
  void aZipOfAnotherNetworkIsRefused() throws Exception {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(1)
            .dataType(DataType.FLOAT)
            .graphBuilder()
            .addInputs("data")
            .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).nOut(2).build(), "data")
            .addLayer(
                "prob",
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(3)
                    .activation(Activation.SOFTMAX)
                    .build(),
                "conv1")
            .setOutputs("prob")
            .setInputTypes(InputType.convolutional(8, 8, 3))
            .build();
    ComputationGraph other = new ComputationGraph(conf);
    other.init();
    ModelSerializer.writeModel(other, models.resolve("caffenet.zip").toFile(), false);

    assertThatThrownBy(() -> new CaffeNet(models).load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not CaffeNet");
  }

  @Test
  void theModelsFolderCanComeFromTheSystemProperty() throws Exception {
    Files.write(models.resolve("caffenet.zip"), new byte[] {1});
    String before = System.getProperty(CaffeNet.MODELS_DIR_PROPERTY);
    try {
      System.setProperty(CaffeNet.MODELS_DIR_PROPERTY, models.toString());
      assertThat(new CaffeNet().modelFile()).contains(models.resolve("caffenet.zip"));
      System.clearProperty(CaffeNet.MODELS_DIR_PROPERTY);
      assertThat(new CaffeNet().modelFile()).isEmpty();
    } finally {
      if (before != null) {
        System.setProperty(CaffeNet.MODELS_DIR_PROPERTY, before);
      }
    }
  }

  static float[] floats(INDArray array) {
    return array.dup('c').data().asFloat();
  }
}
