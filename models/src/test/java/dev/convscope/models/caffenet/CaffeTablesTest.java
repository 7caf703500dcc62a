package dev.convscope.models.caffenet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.models.ChannelOrder;
import dev.convscope.models.ModelSummary;
import dev.convscope.models.ModelSummary.Layer;
import dev.convscope.models.ModelSummary.Parameter;
import dev.convscope.models.Preprocessing;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaffeTablesTest {

  /** A LeNet-like summary made by hand: no network behind it. */
  static ModelSummary lenet() {
    return new ModelSummary(
        "lenet",
        "0".repeat(64),
        "built-in",
        false,
        Preprocessing.squash(28, 28, 1, ChannelOrder.RGB, new float[0], 1 / 256f, "scale to 0..1"),
        List.of(
            new Layer("data", "Input", new int[] {1, 28, 28}, List.of()),
            new Layer(
                "conv1",
                "Convolution",
                new int[] {20, 24, 24},
                List.of(
                    new Parameter("weights", new int[] {20, 1, 5, 5}),
                    new Parameter("bias", new int[] {20}))),
            new Layer("pool1", "Pooling", new int[] {20, 12, 12}, List.of()),
            new Layer(
                "ip1",
                "InnerProduct",
                new int[] {500},
                List.of(new Parameter("weights", new int[] {500, 2880}))),
            new Layer("prob", "Softmax", new int[] {10}, List.of())),
        List.of());
  }

  @Test
  void blobTableHasOneLinePerBlobWithTheBatchAxis() {
    assertThat(CaffeTables.blobs(lenet()))
        .isEqualTo(
            """
        data\t(1, 1, 28, 28)
        conv1\t(1, 20, 24, 24)
        pool1\t(1, 20, 12, 12)
        ip1\t(1, 500)
        prob\t(1, 10)
        """);
  }

  @Test
  void paramTableListsWeightsThenBiasAsPythonTuples() {
    assertThat(CaffeTables.params(lenet()))
        .isEqualTo(
            """
        conv1\t(20, 1, 5, 5) (20,)
        ip1\t(500, 2880)
        """);
  }

  @Test
  void tuplesReadAsPythonPrintsThem() {
    assertThat(CaffeTables.tuple(new int[] {96})).isEqualTo("(96,)");
    assertThat(CaffeTables.tuple(new int[] {96, 3, 11, 11})).isEqualTo("(96, 3, 11, 11)");
    assertThat(CaffeTables.tuple(new int[0])).isEqualTo("()");
  }

  @Test
  void aBlobWithoutAShapeIsMarkedNotLeftOut() {
    ModelSummary summary =
        new ModelSummary(
            "m",
            "0".repeat(64),
            "upload",
            false,
            lenet().preprocessing(),
            List.of(new Layer("loss", "Softmax", null, List.of())),
            List.of());

    assertThat(CaffeTables.blobs(summary)).isEqualTo("loss\t?\n");
  }

  @Test
  void caffeNetReadsAsTheLabsTables() {
    String tables = CaffeTables.format(CaffeNet.initialised(CaffeNet.DEFAULT_SEED).summary());

    assertThat(tables)
        .isEqualTo(
            """
        blobs
        data\t(1, 3, 227, 227)
        conv1\t(1, 96, 55, 55)
        pool1\t(1, 96, 27, 27)
        norm1\t(1, 96, 27, 27)
        conv2\t(1, 256, 27, 27)
        pool2\t(1, 256, 13, 13)
        norm2\t(1, 256, 13, 13)
        conv3\t(1, 384, 13, 13)
        conv4\t(1, 384, 13, 13)
        conv5\t(1, 256, 13, 13)
        pool5\t(1, 256, 6, 6)
        fc6\t(1, 4096)
        fc7\t(1, 4096)
        fc8\t(1, 1000)
        prob\t(1, 1000)

        params
        conv1\t(96, 3, 11, 11) (96,)
        conv2\t(256, 48, 5, 5) (256,)
        conv3\t(384, 256, 3, 3) (384,)
        conv4\t(384, 192, 3, 3) (384,)
        conv5\t(256, 192, 3, 3) (256,)
        fc6\t(4096, 9216) (4096,)
        fc7\t(4096, 4096) (4096,)
        fc8\t(1000, 4096) (1000,)
        """);
  }
}
