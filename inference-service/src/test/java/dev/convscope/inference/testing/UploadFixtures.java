package dev.convscope.inference.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convscope.models.testing.TestModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Model files for upload tests: DL4J zips saved here, and the committed Keras fixtures. */
public final class UploadFixtures {

  public static final String KERAS_GRAY = "tiny_gray_sequential";
  public static final String KERAS_RGB = "tiny_rgb_functional";

  private UploadFixtures() {}

  /** {@link TestModels#tinyLeNet()}'s graph as DL4J saves it. */
  public static byte[] tinyLeNetZip() {
    return zip(TestModels.tinyLeNet().graph());
  }

  /** A network of dense layers taking a plain vector of 144 values: not an image model. */
  public static byte[] denseOnlyZip() {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .dataType(DataType.FLOAT)
            .list()
            .layer(
                new DenseLayer.Builder().name("hidden").nOut(8).activation(Activation.RELU).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .name("out")
                    .nOut(3)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.feedForward(144))
            .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return zip(network);
  }

  /** A convolutional network taking 4 channels, which no image has. */
  public static byte[] fourChannelZip() {
    return zip(convThenSoftmax(InputType.convolutional(8, 8, 4), 3, 3));
  }

  /** One 3×3 convolution (2 maps, ReLU) and a softmax output: the smallest image model. */
  public static MultiLayerNetwork convThenSoftmax(InputType input, int classes, long seed) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .list()
            .layer(
                new ConvolutionLayer.Builder(3, 3)
                    .name("conv")
                    .nOut(2)
                    .activation(Activation.RELU)
                    .build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .name("out")
                    .nOut(classes)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(input)
            .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return network;
  }

  public static byte[] zip(Model model) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ModelSerializer.writeModel(model, out, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The bytes of a committed Keras fixture, such as {@link #KERAS_GRAY}. */
  public static byte[] keras(String name) {
    return resource("/keras/" + name + ".h5");
  }

  /** What the fixture's numpy forward pass computed for its fixed input. */
  public static KerasExpectation expected(String name) {
    try {
      JsonNode json = new ObjectMapper().readTree(resource("/keras/" + name + ".expected.json"));
      List<String> labels = new ArrayList<>();
      json.get("labels").forEach(label -> labels.add(label.asText()));
      JsonNode shape = json.get("input_shape_hwc");
      int height = shape.get(0).asInt();
      int width = shape.get(1).asInt();
      int channels = shape.get(2).asInt();
      int[][][] pixels = new int[height][width][channels];
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          for (int c = 0; c < channels; c++) {
            pixels[y][x][c] = json.get("pixels_hwc").get(y).get(x).get(c).asInt();
          }
        }
      }
      double[] probabilities = new double[json.get("probabilities").size()];
      for (int i = 0; i < probabilities.length; i++) {
        probabilities[i] = json.get("probabilities").get(i).asDouble();
      }
      return new KerasExpectation(labels, height, width, channels, pixels, probabilities);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture's input image (pixels by row, column and channel) and the output expected for it. */
  public record KerasExpectation(
      List<String> labels,
      int height,
      int width,
      int channels,
      int[][][] pixels,
      double[] probabilities) {

    /**
     * The network input the upload's default preprocessing makes of the image: (1, C, H, W), pixels
     * / 255.
     */
    public INDArray input() {
      INDArray input = Nd4j.create(DataType.FLOAT, 1, channels, height, width);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          for (int c = 0; c < channels; c++) {
            input.putScalar(new long[] {0, c, y, x}, pixels[y][x][c] * (1f / 255));
          }
        }
      }
      return input;
    }

    /** The image as a PNG of exactly the input's size, gray or RGB. */
    public byte[] png() {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int[] p = pixels[y][x];
          int rgb = channels == 1 ? p[0] << 16 | p[0] << 8 | p[0] : p[0] << 16 | p[1] << 8 | p[2];
          image.setRGB(x, y, rgb);
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        ImageIO.write(image, "png", out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }
  }

  private static byte[] resource(String path) {
    try (InputStream in = UploadFixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the test resources");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
