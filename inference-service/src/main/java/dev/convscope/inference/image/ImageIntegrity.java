package dev.convscope.inference.image;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Checks that a PNG or JPEG file is whole before it is decoded. ImageIO forgives a lot: a PNG cut
 * short or with a damaged byte, or a JPEG without its end, decodes into a picture with grey or
 * black where data was missing. A network would then be run, and its layers drawn and stored, on an
 * image nobody sent. Here a PNG must have every chunk's checksum right and end with IEND, and a
 * JPEG must end with its end-of-image marker.
 */
final class ImageIntegrity {

  private static final int PNG_SIGNATURE_BYTES = 8;

  private ImageIntegrity() {}

  /** Null when the file is whole, otherwise why it is not. */
  static String problemWith(byte[] file, String format) {
    return switch (format) {
      case "png" -> pngProblem(file);
      case "jpeg" -> jpegProblem(file);
      default -> null;
    };
  }

  private static String pngProblem(byte[] png) {
    ByteBuffer buffer = ByteBuffer.wrap(png);
    int at = PNG_SIGNATURE_BYTES;
    while (true) {
      if (at + 12 > png.length) {
        return "the PNG file ends at byte " + png.length + ", inside a chunk or before IEND";
      }
      long length = Integer.toUnsignedLong(buffer.getInt(at));
      if (length > png.length - at - 12L) {
        return "the PNG file ends before its "
            + new String(png, at + 4, 4, StandardCharsets.ISO_8859_1)
            + " chunk does ("
            + length
            + " bytes promised)";
      }
      CRC32 crc = new CRC32();
      crc.update(png, at + 4, 4 + (int) length);
      int stated = buffer.getInt(at + 8 + (int) length);
      String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
      if ((int) crc.getValue() != stated) {
        return "the PNG file's " + type + " chunk at byte " + at + " fails its checksum (damaged)";
      }
      if (type.equals("IEND")) {
        return null;
      }
      at += 12 + (int) length;
    }
  }

  private static String jpegProblem(byte[] jpeg) {
    int end = jpeg.length;
    // Some writers pad after the end marker; look past trailing zero bytes.
    while (end > 2 && jpeg[end - 1] == 0) {
      end--;
    }
    if (end < 4 || (jpeg[end - 2] & 0xff) != 0xff || (jpeg[end - 1] & 0xff) != 0xd9) {
      return "the JPEG file has no end-of-image marker (cut short)";
    }
    return null;
  }
}
