package dev.convscope.gateway.run;

import dev.convscope.gateway.failure.UnsupportedMedia;
import java.util.HexFormat;

/** Tells PNG and JPEG files from anything else by their first bytes, before any decoding. */
final class ImageFormats {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG_START = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

  private ImageFormats() {}

  /** Throws {@link UnsupportedMedia} unless {@code bytes} begin as a PNG or a JPEG file does. */
  static void requirePngOrJpeg(byte[] bytes, String what) {
    if (startsWith(bytes, PNG_SIGNATURE) || startsWith(bytes, JPEG_START)) {
      return;
    }
    int shown = Math.min(bytes.length, 8);
    throw new UnsupportedMedia(
        what
            + " is neither PNG nor JPEG: it starts with bytes "
            + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, shown));
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
