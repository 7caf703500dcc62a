package dev.convscope.models.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.datasets.idx.LabelledImages;
import dev.convscope.models.Blob;
import dev.convscope.models.CapturedTensor;
import dev.convscope.models.CnnModel;
import dev.convscope.models.LayerByLayerForward;
import dev.convscope.models.ModelSummary;
import dev.convscope.models.dataset.FashionMnist;
import dev.convscope.models.dataset.ImageBatches;
import dev.convscope.models.evaluation.Accuracy;
import dev.convscope.models.training.TrainingSettings;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The committed, trained model: what it is, and that it still classifies Fashion-MNIST. */
class FashionMnistModelTest {

  static CnnModel model;
  static LabelledImages first500;

  @BeforeAll
  static void load() throws Exception {
    model = FashionMnistModel.load();
    // CI installs the Debian data set, so its absence is a failure, not a reason to skip.
    first500 = new FashionMnist(FashionMnist.DEBIAN_DIRECTORY).test().first(500);
  }

  @Test
  void isTheBuiltInModelNamedAndDigestedByItsFile() throws Exception {
    byte[] zip;
    try (InputStream in =
        FashionMnistModel.class.getResourceAsStream("/models/fashion-mnist/model.zip")) {
      zip = in.readAllBytes();
    }

    assertThat(model.name()).isEqualTo("fashion-mnist");
    assertThat(model.source()).isEqualTo("built-in");
    assertThat(model.pretrained()).isTrue();
    assertThat(model.digest()).matches("[0-9a-f]{64}").isEqualTo(Sha256.hex(zip));
    assertThat(zip.length).as("small enough to commit").isLessThan(4 << 20);
    assertThat(model.labels())
        .containsExactly(
            "T-shirt/top",
            "Trouser",
            "Pullover",
            "Dress",
            "Coat",
            "Sandal",
            "Shirt",
            "Sneaker",
            "Bag",
            "Ankle boot");
    assertThat(model.preprocessing().inputShape()).containsExactly(1, 28, 28);
    assertThat(model.preprocessing().scale()).isEqualTo(1f / 255);
    assertThat(model.preprocessing().mean()).isEmpty();
  }

  @Test
  void reportsCaffeBlobsInNetworkOrder() {
    assertThat(model.blobs())
        .extracting(Blob::name)
        .containsExactly("data", "conv1", "pool1", "conv2", "pool2", "ip1", "ip2", "prob");
    assertThat(model.blobs())
        .extracting(Blob::type)
        .containsExactly(
            "Input",
            "Convolution",
            "Pooling",
            "Convolution",
            "Pooling",
            "InnerProduct",
            "InnerProduct",
            "Softmax");
    assertThat(model.blobs())
        .filteredOn(Blob::hasParameters)
        .extracting(Blob::name)
        .containsExactly("conv1", "conv2", "ip1", "ip2");
  }

  @Test
  void summaryHasTheShapesOfTheArchitecture() {
    ModelSummary summary = model.summary();

    assertThat(summary.layers())
        .extracting(ModelSummary.Layer::outputShape)
        .containsExactly(
            new int[] {1, 28, 28},
            new int[] {20, 24, 24},
            new int[] {20, 12, 12},
            new int[] {50, 8, 8},
            new int[] {50, 4, 4},
            new int[] {500},
            new int[] {10},
            new int[] {10});
    assertThat(parameterShape(summary, "conv1", "weights")).containsExactly(20, 1, 5, 5);
    assertThat(parameterShape(summary, "conv2", "weights")).containsExactly(50, 20, 5, 5);
    assertThat(parameterShape(summary, "ip1", "weights")).as("(out, in)").containsExactly(500, 800);
    assertThat(parameterShape(summary, "ip2", "weights")).containsExactly(10, 500);
    assertThat(parameterShape(summary, "ip2", "bias")).containsExactly(10);
    assertThat(summary.parameterCount())
        .isEqualTo(20 * 25 + 20 + 50 * 500 + 50 + 500 * 800 + 500 + 10 * 500 + 10)
        .isEqualTo(model.graph().numParams());
  }

  @Test
  void classifiesTheFirst500TestImages() {
    Accuracy accuracy = Accuracy.measure(model.graph(), model.preprocessing(), first500, 10);

    assertThat(accuracy.images()).isEqualTo(500);
    assertThat(accuracy.overall()).isGreaterThanOrEqualTo(0.88);
    int[] perClass = new int[10];
    for (int i = 0; i < 500; i++) {
      perClass[first500.label(i)]++;
    }
    assertThat(accuracy.total()).containsExactly(perClass);
    for (int label = 0; label < 10; label++) {
      assertThat(accuracy.correct()[label]).isBetween(0, perClass[label]);
    }
    assertThat(accuracy.overall()).isEqualTo((double) accuracy.correctImages() / 500);
  }

  @Test
  void outputsProbabilitiesThatSumToOne() {
    INDArray probabilities =
        model
            .graph()
            .outputSingle(
                false,
                ImageBatches.features(
                    first500, ImageBatches.inOrder(20), 0, 20, model.preprocessing()));

    assertThat(probabilities.shape()).containsExactly(20, 10);
    assertThat(probabilities.minNumber().floatValue()).isGreaterThanOrEqualTo(0f);
    for (int i = 0; i < 20; i++) {
      assertThat(probabilities.getRow(i).sumNumber().floatValue())
          .as("image " + i)
          .isCloseTo(1f, offset(1e-5f));
    }
  }

  @Test
  void layerByLayerForwardYieldsEveryBlobAndTheSameAnswer() {
    INDArray image =
        ImageBatches.features(first500, ImageBatches.inOrder(1), 0, 1, model.preprocessing());
    INDArray expected = model.graph().outputSingle(false, image);
    List<CapturedTensor> captured = new ArrayList<>();

    float[] probabilities = LayerByLayerForward.run(model, image, captured::add);

    assertThat(captured)
        .extracting(CapturedTensor::name)
        .containsExactly("data", "conv1", "pool1", "conv2", "pool2", "ip1", "ip2", "prob");
    assertThat(captured)
        .extracting(CapturedTensor::layerType)
        .containsExactly(
            "Input",
            "Convolution",
            "Pooling",
            "Convolution",
            "Pooling",
            "InnerProduct",
            "InnerProduct",
            "Softmax");
    assertThat(probabilities).containsExactly(expected.dup('c').data().asFloat(), offset(1e-6f));
    float[] data = captured.get(0).values();
    assertThat(data[14 * 28 + 14])
        .as("a pixel of the garment, scaled to 0..1")
        .isCloseTo(first500.images().pixel(0, 14 * 28 + 14) / 255f, offset(1e-6f));
  }

  @Test
  void itsTrainingRecordMatchesTheTrainingDefaults() throws Exception {
    TrainingRecord record = FashionMnistModel.trainingRecord();

    assertThat(record.model()).isEqualTo("fashion-mnist");
    assertThat(record.trainImages()).isEqualTo(60_000);
    assertThat(record.testImages()).isEqualTo(10_000);
    assertThat(record.testAccuracy()).isGreaterThanOrEqualTo(0.90);
    assertThat(record.classAccuracy()).containsOnlyKeys(FashionMnist.LABELS);
    assertThat(record.epochs()).isEqualTo(TrainingSettings.DEFAULT_EPOCHS);
    assertThat(record.batchSize()).isEqualTo(TrainingSettings.DEFAULT_BATCH_SIZE);
    assertThat(record.seed()).isEqualTo(TrainingSettings.DEFAULT_SEED);
    assertThat(record.parameters()).isEqualTo(model.graph().numParams());
  }

  private static int[] parameterShape(ModelSummary summary, String layer, String parameter) {
    return summary.layers().stream()
        .filter(l -> l.name().equals(layer))
        .findFirst()
        .orElseThrow()
        .parameters()
        .stream()
        .filter(p -> p.name().equals(parameter))
        .findFirst()
        .orElseThrow()
        .shape();
  }
}
