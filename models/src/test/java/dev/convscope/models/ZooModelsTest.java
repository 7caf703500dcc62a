package dev.convscope.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.models.zoo.ZooModels;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.zoo.model.LeNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooModelsTest {

  @Test
  void theZooHasTheFourArchitecturesByName() {
    assertThat(ZooModels.names()).containsExactly("alexnet", "lenet", "resnet50", "vgg16");
    assertThatThrownBy(() -> ZooModels.load("googlenet", null, n -> List.of()))
        .hasMessageContaining("no zoo model 'googlenet'");
  }

  @Test
  void lenetRunsWithInitialisedWeightsAndNamedLayers() {
    CnnModel lenet = ZooModels.load("lenet", null, n -> List.of());

    ModelSummary summary = lenet.summary();

    assertThat(lenet.pretrained()).isFalse();
    assertThat(lenet.digest())
        .hasSize(64)
        .isEqualTo(ZooModels.load("lenet", null, n -> List.of()).digest());
    assertThat(summary.layers().get(0).type()).isEqualTo("Input");
    assertThat(summary.layers())
        .extracting(ModelSummary.Layer::type)
        .contains("Convolution", "Pooling", "InnerProduct");
    assertThat(summary.layers().get(summary.layers().size() - 1).outputShape()).containsExactly(10);
    assertThat(summary.layers()).extracting(ModelSummary.Layer::name).doesNotContain("0", "1");
  }

  @Test
  void resnet50AndAlexNetDescribeThemselves() {
    ModelSummary resnet = ZooModels.load("resnet50", null, n -> List.of()).summary();
    ModelSummary alexnet = ZooModels.load("alexnet", null, n -> List.of()).summary();

    assertThat(resnet.parameterCount()).isGreaterThan(20_000_000L);
    assertThat(resnet.layers().stream().filter(l -> l.type().equals("Convolution")).count())
        .isGreaterThanOrEqualTo(53);
    assertThat(alexnet.layers().get(alexnet.layers().size() - 1).outputShape())
        .containsExactly(1000);
  }

  @Test
  void aZipInTheModelFolderIsLoadedAsPretrained(@TempDir Path models) throws Exception {
    CnnModel initialised = ZooModels.load("lenet", null, n -> List.of());
    Path zip = models.resolve("lenet.zip");
    // Saved as the zoo builds it: a MultiLayerNetwork.
    var network =
        LeNet.builder().seed(7).inputShape(new int[] {1, 28, 28}).numClasses(10).build().init();
    ModelSerializer.writeModel(network, zip.toFile(), false);

    CnnModel pretrained = ZooModels.load("lenet", models, n -> List.of());

    assertThat(pretrained.pretrained()).isTrue();
    assertThat(pretrained.digest()).isEqualTo(Sha256.hex(zip));
    assertThat(pretrained.summary().parameterCount())
        .isEqualTo(initialised.summary().parameterCount());
    assertThat(pretrained.summary().layers())
        .extracting(ModelSummary.Layer::name)
        .isEqualTo(initialised.summary().layers().stream().map(ModelSummary.Layer::name).toList());
  }
}
