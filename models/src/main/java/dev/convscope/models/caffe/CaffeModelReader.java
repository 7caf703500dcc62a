package dev.convscope.models.caffe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a trained Caffe model: the network of a deploy.prototxt with the weights of its
 * .caffemodel, matched by layer name. Either file may be of either generation (V1 {@code layers} or
 * current {@code layer}); the caffemodel is read as a stream.
 */
public final class CaffeModelReader {

  private CaffeModelReader() {}

  public static CaffeModel read(Path prototxt, Path caffemodel) throws IOException {
    return read(CaffeNetworkReader.read(prototxt), caffemodel);
  }

  /** The network with its weights from a caffemodel file; a refusal names the file. */
  public static CaffeModel read(CaffeNetwork network, Path caffemodel) throws IOException {
    try (InputStream in = Files.newInputStream(caffemodel)) {
      return read(network, in, Files.size(caffemodel));
    } catch (CaffeFormatException e) {
      throw new CaffeFormatException(caffemodel.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The network with its weights from a caffemodel stream of that many bytes (read to its end, not
   * closed).
   */
  public static CaffeModel read(CaffeNetwork network, InputStream caffemodel, long sizeBytes)
      throws IOException {
    Set<String> layers =
        network.layers().stream().map(CaffeLayer::name).collect(Collectors.toSet());
    return new CaffeModel(
        network,
        WeightMatcher.match(network, CaffemodelDecoder.read(caffemodel, sizeBytes, layers)));
  }
}
