package dev.convscope.inference.upload;

import com.google.common.io.ByteStreams;
import dev.convscope.models.ImageLayout;
import dev.convscope.models.caffe.CaffeFormatException;
import dev.convscope.models.caffe.CaffeInput;
import dev.convscope.models.caffe.CaffeMean;
import dev.convscope.models.caffe.CaffeModel;
import dev.convscope.models.caffe.CaffeModelReader;
import dev.convscope.models.caffe.CaffeNetwork;
import dev.convscope.models.caffe.CaffeNetworkReader;
import dev.convscope.models.caffe.graph.CaffeGraph;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Caffe model kept as parts of one file: the network definition, the weights (read as a
 * stream, so a 244 MB caffemodel is never held whole) and an optional mean image, into a graph
 * whose blobs keep Caffe's names. Its images are prepared as the Caffe lab does ({@link
 * PreprocessingPreset#CAFFE}) unless the upload picks another preset.
 */
final class CaffeFileReader {

  private CaffeFileReader() {}

  static LoadedNetwork read(Path file, List<ModelPart> parts) {
    Map<ModelPartRole, Slice> slices = slices(parts);
    ModelPart current = null;
    try (FileChannel channel = FileChannel.open(file)) {
      current = slices.get(ModelPartRole.CAFFE_NETWORK).part();
      CaffeNetwork network =
          CaffeNetworkReader.parse(
              new String(
                  read(channel, slices.get(ModelPartRole.CAFFE_NETWORK)), StandardCharsets.UTF_8));
      current = slices.get(ModelPartRole.CAFFE_WEIGHTS).part();
      Slice weights = slices.get(ModelPartRole.CAFFE_WEIGHTS);
      CaffeModel model =
          CaffeModelReader.read(network, stream(channel, weights), weights.part().sizeBytes());
      Optional<CaffeMean> mean = Optional.empty();
      Slice meanSlice = slices.get(ModelPartRole.CAFFE_MEAN);
      if (meanSlice != null) {
        current = meanSlice.part();
        mean = Optional.of(CaffeMean.read(stream(channel, meanSlice), current.sizeBytes()));
      }
      current = null;
      CaffeGraph graph = CaffeGraph.build(model);
      ImageInput input = inputOf(network);
      checkMean(input, mean);
      return new LoadedNetwork(
          graph.graph(), input, graph.blobs(), Optional.of(PreprocessingPreset.CAFFE), mean);
    } catch (CaffeFormatException e) {
      throw new ModelRejectedException(
          (current == null ? "" : current.named() + ": ") + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the received Caffe files", e);
    }
  }

  /** Where each part's bytes are in the file; exactly one network and one weights part. */
  private static Map<ModelPartRole, Slice> slices(List<ModelPart> parts) {
    Map<ModelPartRole, Slice> slices = new EnumMap<>(ModelPartRole.class);
    long offset = 0;
    for (ModelPart part : parts) {
      if (slices.put(part.role(), new Slice(part, offset)) != null) {
        throw new ModelRejectedException(
            "the upload has two parts of role " + part.role().key() + "; send one");
      }
      offset += part.sizeBytes();
    }
    for (ModelPartRole needed : List.of(ModelPartRole.CAFFE_NETWORK, ModelPartRole.CAFFE_WEIGHTS)) {
      if (!slices.containsKey(needed)) {
        throw new ModelRejectedException(
            "a Caffe model needs " + needed.description() + "; the upload has none");
      }
    }
    return slices;
  }

  private static byte[] read(FileChannel channel, Slice slice) throws IOException {
    return stream(channel, slice).readAllBytes();
  }

  /** The slice's bytes as a stream; not to be closed, which would close the channel. */
  private static InputStream stream(FileChannel channel, Slice slice) throws IOException {
    channel.position(slice.offset());
    return ByteStreams.limit(Channels.newInputStream(channel), slice.part().sizeBytes());
  }

  private static ImageInput inputOf(CaffeNetwork network) {
    if (network.inputs().size() != 1) {
      throw new ModelRejectedException(
          "the network has "
              + network.inputs().size()
              + " inputs; an image model has one, (N, C, H, W)");
    }
    CaffeInput input = network.inputs().get(0);
    List<Integer> shape = input.shape();
    if (shape.size() != 4) {
      throw new ModelRejectedException(
          "the network's input '"
              + input.name()
              + "' has shape "
              + shape
              + "; an image is (N, C, H, W)");
    }
    return new ImageInput(shape.get(1), shape.get(2), shape.get(3), ImageLayout.NCHW, true);
  }

  /** A mean file has the network's channels, in the network's order. */
  private static void checkMean(ImageInput input, Optional<CaffeMean> mean) {
    if (mean.isPresent() && mean.get().channels() != input.channels()) {
      throw new ModelRejectedException(
          "the mean file has "
              + mean.get().channels()
              + " channels; the network's input has "
              + input.channels());
    }
  }

  /** A part and where its bytes start in the file. */
  private record Slice(ModelPart part, long offset) {}
}
