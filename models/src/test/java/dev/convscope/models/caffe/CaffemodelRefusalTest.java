package dev.convscope.models.caffe;

import static dev.convscope.models.caffe.CaffeFixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.convscope.models.caffe.format.CaffeMessages.BlobProto;
import dev.convscope.models.caffe.format.CaffeMessages.BlobShape;
import dev.convscope.models.caffe.format.CaffeMessages.LayerParameter;
import dev.convscope.models.caffe.format.CaffeMessages.NetParameter;
import dev.convscope.models.caffe.format.CaffeMessages.V1LayerParameter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Caffemodels that are cut, corrupt, or do not fit their prototxt. */
class CaffemodelRefusalTest {

  @TempDir Path folder;

  /** An input of 2 values and an InnerProduct to 1: weights [1, 2], bias [1]. */
  private static final CaffeNetwork SMALL =
      CaffeNetworkReader.parse(
          """
          input: "data" input_shape { dim: 1 dim: 2 }
          layer { name: "fc" type: "InnerProduct" bottom: "data" top: "fc"
                  inner_product_param { num_output: 1 } }
          layer { name: "relu" type: "ReLU" bottom: "fc" top: "fc" }
          """);

  private static CaffeModel read(CaffeNetwork network, byte[] caffemodel) throws IOException {
    return CaffeModelReader.read(network, new ByteArrayInputStream(caffemodel), caffemodel.length);
  }

  private static BlobProto blob(List<Long> shape, float... values) {
    BlobProto.Builder blob =
        BlobProto.newBuilder().setShape(BlobShape.newBuilder().addAllDim(shape));
    for (float value : values) {
      blob.addData(value);
    }
    return blob.build();
  }

  private static byte[] layer(String name, BlobProto... blobs) {
    return NetParameter.newBuilder()
        .addLayer(LayerParameter.newBuilder().setName(name).addAllBlobs(List.of(blobs)))
        .build()
        .toByteArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny_net", "tiny_net_v1"})
  void aTruncatedFileIsRefusedByName(String generation) throws IOException {
    byte[] whole = Files.readAllBytes(file(generation + ".caffemodel"));
    Path cut = folder.resolve(generation + ".caffemodel");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    CaffeNetwork network = CaffeNetworkReader.read(file(generation + ".prototxt"));

    assertThatThrownBy(() -> CaffeModelReader.read(network, cut))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageStartingWith(
            generation + ".caffemodel: the caffemodel is truncated or corrupt (found at byte ")
        .hasMessageContaining(" of " + (whole.length / 2) + "): ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny_net", "tiny_net_v1"})
  void everyCutIsRefusedUnlessItLosesOnlyLayersTheNetworkLacks(String generation)
      throws IOException {
    byte[] whole = Files.readAllBytes(file(generation + ".caffemodel"));
    CaffeNetwork network = CaffeNetworkReader.read(file(generation + ".prototxt"));
    CaffeModel full = read(network, whole);
    int accepted = 0;
    for (int length = 0; length < whole.length; length++) {
      byte[] cut = Arrays.copyOf(whole, length);
      // Read in full, or refused: never a model with other weights, never another exception.
      Throwable thrown = catchThrowable(() -> assertThat(read(network, cut)).isEqualTo(full));
      if (thrown == null) {
        accepted++;
      } else {
        assertThat(thrown).as("cut at %d", length).isInstanceOf(CaffeFormatException.class);
      }
    }
    // Cuts that lose only the layers after fc2 (fc_extra, the loss) lose nothing needed.
    assertThat(accepted).isPositive();
  }

  @Test
  void corruptBytesAreRefusedAsCorrupt() throws IOException {
    byte[] whole = Files.readAllBytes(file("tiny_net.caffemodel"));
    CaffeNetwork network = CaffeNetworkReader.read(file("tiny_net.prototxt"));
    Random random = new Random(7);
    for (int attempt = 0; attempt < 300; attempt++) {
      byte[] garbage = new byte[1 + random.nextInt(4096)];
      random.nextBytes(garbage);
      assertThatThrownBy(() -> read(network, garbage))
          .as("random bytes, attempt %d", attempt)
          .isInstanceOf(CaffeFormatException.class);
    }
    // A flipped byte may land in the values and still read; it never fails any other way.
    for (int at = 0; at < whole.length; at++) {
      byte[] flipped = whole.clone();
      flipped[at] ^= (byte) 0xA5;
      Throwable thrown = catchThrowable(() -> read(network, flipped));
      assertThat(thrown == null || thrown instanceof CaffeFormatException)
          .as("byte %d flipped: %s", at, thrown)
          .isTrue();
    }
  }

  @Test
  void aShapeTheCaffemodelDoesNotHaveIsRefusedWithBothShapes() throws IOException {
    String prototxt = Files.readString(file("tiny_net.prototxt"));
    CaffeNetwork wider =
        CaffeNetworkReader.parse(prototxt.replace("num_output: 6", "num_output: 8"));

    assertThatThrownBy(() -> CaffeModelReader.read(wider, file("tiny_net.caffemodel")))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage(
            "tiny_net.caffemodel: layer 'conv1' (Convolution) blob 0 (weights) has shape"
                + " [6, 2, 3, 3] in the caffemodel; the prototxt needs [8, 2, 3, 3]");
    assertThatThrownBy(() -> CaffeModelReader.read(wider, file("tiny_net_v1.caffemodel")))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage(
            "tiny_net_v1.caffemodel: layer 'conv1' (Convolution) blob 0 (weights) has shape"
                + " (num, channels, height, width) (6, 2, 3, 3) in the caffemodel; the prototxt"
                + " needs [8, 2, 3, 3]");
  }

  @Test
  void aLayerWithoutWeightsIsRefused() throws IOException {
    String prototxt = Files.readString(file("tiny_net.prototxt"));
    CaffeNetwork renamed =
        CaffeNetworkReader.parse(prototxt.replace("name: \"fc2\"", "name: \"fc3\""));

    assertThatThrownBy(() -> CaffeModelReader.read(renamed, file("tiny_net.caffemodel")))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage(
            "tiny_net.caffemodel: layer 'fc3' (InnerProduct) has no weights in the caffemodel"
                + " (no layer of that name); the prototxt needs 2 blobs: weights [5, 96], bias [5]");
  }

  @Test
  void aDifferentNumberOfBlobsIsRefused() throws IOException {
    String prototxt = Files.readString(file("tiny_net.prototxt"));
    CaffeNetwork noBias =
        CaffeNetworkReader.parse(
            prototxt.replace("num_output: 5", "num_output: 5\n    bias_term: false"));

    assertThatThrownBy(() -> CaffeModelReader.read(noBias, file("tiny_net_v1.caffemodel")))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage(
            "tiny_net_v1.caffemodel: layer 'fc2' (InnerProduct) has 2 blobs in the caffemodel;"
                + " the prototxt needs 1 blob: weights [5, 96]");
    assertThatThrownBy(() -> read(SMALL, layer("relu", blob(List.of(1L), 1f))))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage(
            "layer 'fc' (InnerProduct) has no weights in the caffemodel (no layer of that name);"
                + " the prototxt needs 2 blobs: weights [1, 2], bias [1]");
    byte[] reluWithBlob =
        NetParameter.newBuilder()
            .mergeFrom(layer("fc", blob(List.of(1L, 2L), 1f, 2f), blob(List.of(1L), 3f)))
            .mergeFrom(layer("relu", blob(List.of(1L), 1f)))
            .build()
            .toByteArray();
    assertThatThrownBy(() -> read(SMALL, reluWithBlob))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage("layer 'relu' (ReLU) has 1 blob in the caffemodel; the prototxt needs none");
  }

  @Test
  void aBlobWhoseValuesDoNotFillItsShapeIsRefused() {
    byte[] short3 = layer("fc", blob(List.of(1L, 2L), 1f, 2f, 3f), blob(List.of(1L), 3f));

    assertThatThrownBy(() -> read(SMALL, short3))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage(
            "layer 'fc' (InnerProduct) blob 0 (weights) holds 3 values in the caffemodel; its shape"
                + " [1, 2] needs 2");
  }

  @Test
  void aBlobShapeNoArrayCanHoldIsRefused() {
    byte[] negative = layer("fc", blob(List.of(-1L, 2L)), blob(List.of(1L), 3f));

    assertThatThrownBy(() -> read(SMALL, negative))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage(
            "the caffemodel's layer 'fc': a blob has shape [-1, 2], which no array can hold");
  }

  @Test
  void aFileThatIsNotACaffemodelIsRefused() throws IOException {
    assertThatThrownBy(() -> read(SMALL, new byte[0]))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage(
            "the caffemodel holds no layers: it is not a Caffe weights file, or it is empty");
    byte[] prototxt = Files.readAllBytes(file("tiny_net.prototxt"));
    assertThatThrownBy(() -> read(SMALL, prototxt)).isInstanceOf(CaffeFormatException.class);
    byte[] both =
        NetParameter.newBuilder()
            .addLayer(LayerParameter.newBuilder().setName("fc"))
            .addLayers(V1LayerParameter.newBuilder().setName("relu"))
            .build()
            .toByteArray();
    assertThatThrownBy(() -> read(SMALL, both))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage(
            "the caffemodel mixes current layers (layer) with V1 layers (layers); a file uses one");
    // And the other way round: weights given as the network definition.
    assertThatThrownBy(() -> CaffeNetworkReader.read(file("tiny_net.caffemodel")))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageStartingWith(
            "tiny_net.caffemodel: not a Caffe network definition (text format) at line ");
  }
}
