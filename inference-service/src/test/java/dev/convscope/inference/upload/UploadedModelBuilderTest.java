package dev.convscope.inference.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.inference.testing.UploadFixtures;
import dev.convscope.inference.testing.UploadFixtures.KerasExpectation;
import dev.convscope.models.CapturedTensor;
import dev.convscope.models.ChannelOrder;
import dev.convscope.models.CnnModel;
import dev.convscope.models.ImageLayout;
import dev.convscope.models.LayerByLayerForward;
import dev.convscope.models.ModelSummary;
import dev.convscope.models.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.deeplearning4j.zoo.model.LeNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class UploadedModelBuilderTest {

  private static final String DIGEST = "ab".repeat(32);

  @TempDir Path dir;

  @Test
  void kerasSequentialGrayNetComputesWhatNumpyComputed() throws Exception {
    KerasExpectation expected = UploadFixtures.expected(UploadFixtures.KERAS_GRAY);

    CnnModel model =
        fromUpload(
            UploadFixtures.keras(UploadFixtures.KERAS_GRAY),
            ModelFileFormat.KERAS_HDF5,
            expected.labels(),
            RequestedPreprocessing.DEFAULT);

    assertThat(model.name()).isEqualTo("sha256:" + DIGEST);
    assertThat(model.source()).isEqualTo("upload");
    assertThat(model.layout()).as("Keras keeps channels last").isEqualTo(ImageLayout.NHWC);
    assertThat(model.preprocessing().inputShape()).containsExactly(1, 12, 12);
    assertThat(model.preprocessing().description()).isEqualTo("gray, resize to 12x12, scale 1/255");
    assertThat(model.summary().layers())
        .extracting(ModelSummary.Layer::name)
        .containsExactly("data", "conv2d_1", "max_pooling2d_1", "dense_1");
    assertMatchesNumpy(
        model,
        expected,
        Map.of("conv2d_1", new int[] {4, 10, 10}, "max_pooling2d_1", new int[] {4, 5, 5}));
  }

  @Test
  void kerasFunctionalRgbNetComputesWhatNumpyComputed() throws Exception {
    KerasExpectation expected = UploadFixtures.expected(UploadFixtures.KERAS_RGB);

    CnnModel model =
        fromUpload(
            UploadFixtures.keras(UploadFixtures.KERAS_RGB),
            ModelFileFormat.KERAS_HDF5,
            expected.labels(),
            RequestedPreprocessing.DEFAULT);

    assertThat(model.preprocessing().inputShape()).containsExactly(3, 16, 16);
    assertThat(model.preprocessing().order()).isEqualTo(ChannelOrder.RGB);
    assertThat(model.preprocessing().description()).isEqualTo("RGB, resize to 16x16, scale 1/255");
    assertThat(model.summary().layers())
        .extracting(ModelSummary.Layer::name)
        .containsExactly("input_1", "conv1", "pool1", "flatten", "predictions");
    assertThat(model.summary().layers().get(1).parameters().get(0).shape())
        .as("(out, in, kh, kw)")
        .containsExactly(6, 3, 3, 3);
    assertMatchesNumpy(
        model, expected, Map.of("conv1", new int[] {6, 14, 14}, "pool1", new int[] {6, 7, 7}));
  }

  @Test
  void dl4jGraphZipGetsItsInputSizeWorkedOutFromItsLayers() throws Exception {
    CnnModel original = TestModels.tinyLeNet();
    INDArray image = Nd4j.rand(DataType.FLOAT, 1, 1, 12, 12);

    CnnModel model =
        fromUpload(
            UploadFixtures.tinyLeNetZip(),
            ModelFileFormat.DL4J_ZIP,
            List.of(),
            RequestedPreprocessing.DEFAULT);

    assertThat(model.layout()).isEqualTo(ImageLayout.NCHW);
    assertThat(model.preprocessing().inputShape()).containsExactly(1, 12, 12);
    assertThat(model.preprocessing().scale()).isEqualTo(1f / 255);
    assertThat(model.preprocessing().mean()).isEmpty();
    assertThat(LayerByLayerForward.run(model, image, t -> {}))
        .containsExactly(LayerByLayerForward.run(original, image, t -> {}), Offset.offset(1e-6f));
  }

  @Test
  void dl4jNetworkZipWithAFlatImageInputStatesItsSize() throws Exception {
    var lenet =
        LeNet.builder().seed(5).inputShape(new int[] {1, 28, 28}).numClasses(10).build().init();

    CnnModel model =
        fromUpload(
            UploadFixtures.zip(lenet),
            ModelFileFormat.DL4J_ZIP,
            List.of(),
            RequestedPreprocessing.DEFAULT);

    assertThat(model.preprocessing().inputShape()).containsExactly(1, 28, 28);
    List<ModelSummary.Layer> layers = model.summary().layers();
    assertThat(layers.get(layers.size() - 1).outputShape()).containsExactly(10);
  }

  @Test
  void theUploadsPreprocessingIsUsedWhereItFitsTheModel() throws Exception {
    var requested =
        new RequestedPreprocessing(
            0,
            0,
            0,
            ChannelOrder.BGR,
            "resize-20x24-crop",
            new float[] {100f},
            new float[0],
            0.5f,
            "",
            Optional.empty());

    CnnModel model =
        fromUpload(UploadFixtures.tinyLeNetZip(), ModelFileFormat.DL4J_ZIP, List.of(), requested);

    var pre = model.preprocessing();
    assertThat(new int[] {pre.resizeHeight(), pre.resizeWidth(), pre.height(), pre.width()})
        .containsExactly(20, 24, 12, 12);
    assertThat(pre.mean()).containsExactly(100f);
    assertThat(pre.scale()).isEqualTo(0.5f);
    assertThat(pre.description())
        .isEqualTo("gray, resize to 20x24, centre crop 12x12, minus mean [100.0], scale 0.5");
  }

  @Test
  void rejectsWhatIsNotAnImageModelOrNotOfItsDeclaredFormat() {
    assertRejected(
        UploadFixtures.denseOnlyZip(),
        ModelFileFormat.DL4J_ZIP,
        List.of(),
        RequestedPreprocessing.DEFAULT,
        "the model's input is not an image: its first layer 'hidden' is a DenseLayer taking a vector of 144 values");
    assertRejected(
        UploadFixtures.fourChannelZip(),
        ModelFileFormat.DL4J_ZIP,
        List.of(),
        RequestedPreprocessing.DEFAULT,
        "the model's input is not an image: it has 4 channels");
    assertRejected(
        UploadFixtures.keras(UploadFixtures.KERAS_GRAY),
        ModelFileFormat.DL4J_ZIP,
        List.of(),
        RequestedPreprocessing.DEFAULT,
        "the file is a Keras HDF5 file, but the upload declares a DL4J model zip");
    assertRejected(
        UploadFixtures.tinyLeNetZip(),
        ModelFileFormat.KERAS_HDF5,
        List.of(),
        RequestedPreprocessing.DEFAULT,
        "the file is a DL4J model zip, but the upload declares a Keras HDF5 file");
    assertRejected(
        "not a model at all".getBytes(),
        ModelFileFormat.KERAS_HDF5,
        List.of(),
        RequestedPreprocessing.DEFAULT,
        "the file is not a Keras HDF5 file: it does not start with the HDF5 signature");
    byte[] zip = UploadFixtures.tinyLeNetZip();
    assertRejected(
        Arrays.copyOf(zip, zip.length / 2),
        ModelFileFormat.DL4J_ZIP,
        List.of(),
        RequestedPreprocessing.DEFAULT,
        "the file is not a DL4J model zip");
    byte[] hdf5 = UploadFixtures.keras(UploadFixtures.KERAS_GRAY);
    assertRejected(
        Arrays.copyOf(hdf5, hdf5.length / 3),
        ModelFileFormat.KERAS_HDF5,
        List.of(),
        RequestedPreprocessing.DEFAULT,
        "the file is not a Keras model DL4J can import");
  }

  @Test
  void rejectsLabelsAndPreprocessingThatDoNotFitTheModel() {
    byte[] keras = UploadFixtures.keras(UploadFixtures.KERAS_GRAY);
    assertRejected(
        keras,
        ModelFileFormat.KERAS_HDF5,
        List.of("a", "b"),
        RequestedPreprocessing.DEFAULT,
        "the upload gives 2 labels, but the model has 3 outputs");
    assertRejected(
        keras,
        ModelFileFormat.KERAS_HDF5,
        List.of(),
        new RequestedPreprocessing(
            28, 28, 0, null, "", new float[0], new float[0], 0f, "", Optional.empty()),
        "it gives 28x28 but the model's input is 12x12");
    assertRejected(
        keras,
        ModelFileFormat.KERAS_HDF5,
        List.of(),
        new RequestedPreprocessing(
            0, 0, 3, null, "", new float[0], new float[0], 0f, "", Optional.empty()),
        "it gives 3 channels but the model's input has 1");
    assertRejected(
        keras,
        ModelFileFormat.KERAS_HDF5,
        List.of(),
        new RequestedPreprocessing(
            0, 0, 0, null, "resize-8-crop", new float[0], new float[0], 0f, "", Optional.empty()),
        "cannot crop 12x12 out of 8x8");
    assertRejected(
        keras,
        ModelFileFormat.KERAS_HDF5,
        List.of(),
        new RequestedPreprocessing(
            0, 0, 0, null, "stretch", new float[0], new float[0], 0f, "", Optional.empty()),
        "resize 'stretch' is not one of squash");
    assertRejected(
        UploadFixtures.tinyLeNetZip(),
        ModelFileFormat.DL4J_ZIP,
        List.of(),
        new RequestedPreprocessing(
            3, 3, 0, null, "", new float[0], new float[0], 0f, "", Optional.empty()),
        "the model does not run on a 1x3x3 image");
  }

  private void assertMatchesNumpy(
      CnnModel model, KerasExpectation expected, Map<String, int[]> shapes) {
    List<CapturedTensor> captured = new ArrayList<>();
    float[] output = LayerByLayerForward.run(model, expected.input(), captured::add);

    assertThat(output).hasSize(expected.probabilities().length);
    for (int i = 0; i < output.length; i++) {
      assertThat((double) output[i])
          .as("class " + i)
          .isCloseTo(expected.probabilities()[i], Offset.offset(1e-4));
    }
    Map<String, CapturedTensor> byName = new HashMap<>();
    captured.forEach(t -> byName.put(t.name(), t));
    shapes.forEach(
        (name, shape) ->
            assertThat(byName.get(name).shape())
                .as(name + " channels first")
                .containsExactly(shape));
    assertThat(captured.get(0).values())
        .as("the input, reported channels first")
        .containsExactly(expected.input().dup('c').data().asFloat(), Offset.offset(0f));
  }

  private CnnModel fromUpload(
      byte[] bytes,
      ModelFileFormat format,
      List<String> labels,
      RequestedPreprocessing preprocessing)
      throws Exception {
    Path file = Files.write(dir.resolve("model-" + System.nanoTime()), bytes);
    return UploadedModelBuilder.fromUpload(
        file, DIGEST, new UploadDescription(format, "test", labels, preprocessing, List.of()));
  }

  private void assertRejected(
      byte[] bytes,
      ModelFileFormat format,
      List<String> labels,
      RequestedPreprocessing preprocessing,
      String message) {
    assertThatThrownBy(() -> fromUpload(bytes, format, labels, preprocessing))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining(message);
  }
}
