package dev.convscope.models.caffe;

import com.google.protobuf.TextFormat;
import dev.convscope.models.caffe.format.CaffeMessages.NetParameter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a network definition (deploy.prototxt: Caffe's text format, current or V1) into a checked
 * {@link CaffeNetwork}. Fields this reader has no use for (fillers, learning rates, engines, ...)
 * are skipped, as real files carry many. Protobuf's text parser lists the fields it skipped in a
 * java.util.logging WARNING of logger {@code com.google.protobuf.TextFormat}; a service that reads
 * uploads may lower that category.
 */
public final class CaffeNetworkReader {

  /** Far above any real network definition (CaffeNet's is 4 KB, ResNet-152's 240 KB). */
  static final long MAX_SIZE_BYTES = 16L << 20;

  private static final TextFormat.Parser PARSER =
      TextFormat.Parser.newBuilder().setAllowUnknownFields(true).build();

  private CaffeNetworkReader() {}

  /** The network of a prototxt file; a refusal names the file. */
  public static CaffeNetwork read(Path prototxt) throws IOException {
    long size = Files.size(prototxt);
    if (size > MAX_SIZE_BYTES) {
      throw new CaffeFormatException(
          prototxt.getFileName()
              + " is "
              + size
              + " bytes; a network definition is far smaller (at most "
              + MAX_SIZE_BYTES
              + "): is it a caffemodel?");
    }
    // Decoded leniently: a binary file given by mistake is refused by the parser, with a line.
    String text = new String(Files.readAllBytes(prototxt), StandardCharsets.UTF_8);
    try {
      return parse(text);
    } catch (CaffeFormatException e) {
      throw new CaffeFormatException(prototxt.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** The network of a prototxt's text. */
  public static CaffeNetwork parse(String prototxt) {
    return NetworkAssembler.assemble(parseMessage(prototxt));
  }

  static NetParameter parseMessage(String prototxt) {
    NetParameter.Builder net = NetParameter.newBuilder();
    try {
      PARSER.merge(prototxt, net);
    } catch (TextFormat.ParseException e) {
      throw new CaffeFormatException(
          "not a Caffe network definition (text format) at line " + e.getMessage(), e);
    }
    return net.build();
  }
}
