package dev.convscope.models.caffe;

import static dev.convscope.models.caffe.CaffeFixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convscope.models.caffe.format.CaffeMessages.BlobProto;
import dev.convscope.models.caffe.format.CaffeMessages.BlobShape;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mean images in .binaryproto files: per pixel and per channel. */
class CaffeMeanTest {

  @TempDir Path folder;

  private static CaffeMean read(BlobProto blob) throws IOException {
    byte[] bytes = blob.toByteArray();
    return CaffeMean.read(new ByteArrayInputStream(bytes), bytes.length);
  }

  @Test
  void readsTheMeanImageTheScriptWrote() throws IOException {
    JsonNode expected = CaffeFixtures.expected().get("mean");

    CaffeMean mean = CaffeMean.read(file("tiny_mean.binaryproto"));

    assertThat(List.of(mean.channels(), mean.height(), mean.width())).containsExactly(4, 15, 15);
    for (int i = 0; i < 3; i++) {
      assertThat(mean.values()[i]).isEqualTo((float) expected.get("first").get(i).asDouble());
    }
    float[] channelMeans = mean.channelMeans();
    assertThat(channelMeans).hasSize(4);
    for (int c = 0; c < 4; c++) {
      assertThat((double) channelMeans[c])
          .isCloseTo(expected.get("channel_means").get(c).asDouble(), within(1e-4));
    }
  }

  @Test
  void takesAShapeOfThreeOrFourAxes() throws IOException {
    BlobProto.Builder chw =
        BlobProto.newBuilder()
            .setShape(BlobShape.newBuilder().addDim(2).addDim(1).addDim(2))
            .addAllData(List.of(1f, 3f, 10f, 30f));

    CaffeMean mean = read(chw.build());

    assertThat(mean).isEqualTo(new CaffeMean(2, 1, 2, new float[] {1f, 3f, 10f, 30f}));
    assertThat(mean.channelMeans()).containsExactly(2f, 20f);
    assertThat(
            read(
                chw.setShape(BlobShape.newBuilder().addDim(1).addDim(2).addDim(1).addDim(2))
                    .build()))
        .isEqualTo(mean);
  }

  @Test
  void refusesWhatIsNotOneMeanImage() throws IOException {
    BlobProto two =
        BlobProto.newBuilder()
            .setNum(2)
            .setChannels(1)
            .setHeight(1)
            .setWidth(1)
            .addAllData(List.of(1f, 2f))
            .build();
    assertThatThrownBy(() -> read(two))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage(
            "the mean file holds a blob of shape (num, channels, height, width) (2, 1, 1, 1);"
                + " a mean is one image, (1, C, H, W) or (C, H, W)");
    BlobProto short1 =
        BlobProto.newBuilder()
            .setShape(BlobShape.newBuilder().addDim(1).addDim(2).addDim(1))
            .addData(1f)
            .build();
    assertThatThrownBy(() -> read(short1))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage("the mean file's blob of shape [1, 2, 1] holds 1 values");
    assertThatThrownBy(() -> read(BlobProto.getDefaultInstance()))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageStartingWith("the mean file holds a blob of shape []");

    byte[] whole = Files.readAllBytes(file("tiny_mean.binaryproto"));
    Path cut = folder.resolve("tiny_mean.binaryproto");
    Files.write(cut, Arrays.copyOf(whole, whole.length - 10));
    assertThatThrownBy(() -> CaffeMean.read(cut))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage(
            "tiny_mean.binaryproto: blob values declare 3600 bytes where 3590 remain: the file is"
                + " truncated or corrupt");
  }
}
