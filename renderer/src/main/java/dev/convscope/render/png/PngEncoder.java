package dev.convscope.render.png;

import dev.convscope.render.RgbImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes 8-bit RGB PNGs straight from an {@link RgbImage}'s bytes. PNG encoding is the most
 * expensive step of the pipeline. ImageIO's writer (a per-row adaptive filter, zlib level 4, a
 * BufferedImage in between) makes small files slowly; one fixed row filter with a fast Deflater
 * setting is several times faster. The benchmarks module measures the settings side by side ({@code
 * bench/render-bench}): on colour-mapped tiles, rows without a filter compress far better than the
 * Sub or Up filters, and level 1 is 3 to 4 times faster than level 6 for files within 1 to 16 % of
 * its size, so that is the default.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PngEncoder {

  /** The PNG row filter applied to every row. */
  public enum Filter {
    NONE(0),
    /** Each byte minus the same channel of the pixel to its left. */
    SUB(1),
    /** Each byte minus the byte above it: tiles repeat vertically, padding lines vanish. */
    UP(2);

    final int code;

    Filter(int code) {
      this.code = code;
    }
  }

  /** The default: no row filter, zlib level 1; see the benchmarks for the trade-off. */
  public static final PngEncoder DEFAULT = new PngEncoder(Filter.NONE, 1, false);

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private final Filter filter;
  private final int level;
  private final boolean huffmanOnly;

  /**
   * @param filter the row filter
   * @param level zlib level 0..9
   * @param huffmanOnly Huffman coding only, no string matching (fastest; the level then matters
   *     little)
   */
  public PngEncoder(Filter filter, int level, boolean huffmanOnly) {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("zlib level " + level + " is outside 0..9");
    }
    this.filter = filter;
    this.level = level;
    this.huffmanOnly = huffmanOnly;
  }

  public byte[] encode(RgbImage image) {
    byte[] filtered = filterRows(image);
    Deflater deflater = new Deflater(level);
    if (huffmanOnly) {
      deflater.setStrategy(Deflater.HUFFMAN_ONLY);
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream(filtered.length / 4 + 128);
    png.writeBytes(SIGNATURE);
    writeChunk(png, "IHDR", header(image.width(), image.height()), 13);
    try {
      deflater.setInput(filtered);
      deflater.finish();
      byte[] buffer = new byte[Math.max(64 * 1024, filtered.length / 2)];
      byte[] compressed = new byte[0];
      int length = 0;
      while (!deflater.finished()) {
        int n = deflater.deflate(buffer);
        if (length + n > compressed.length) {
          compressed =
              java.util.Arrays.copyOf(compressed, Math.max(length + n, compressed.length * 2));
        }
        System.arraycopy(buffer, 0, compressed, length, n);
        length += n;
      }
      writeChunk(png, "IDAT", compressed, length);
    } finally {
      deflater.end();
    }
    writeChunk(png, "IEND", new byte[0], 0);
    return png.toByteArray();
  }

  private byte[] filterRows(RgbImage image) {
    int stride = image.width() * 3;
    byte[] pixels = image.pixels();
    byte[] out = new byte[Math.multiplyExact(image.height(), stride + 1)];
    for (int y = 0; y < image.height(); y++) {
      int in = y * stride;
      int at = y * (stride + 1);
      out[at++] = (byte) filter.code;
      switch (filter) {
        case NONE -> System.arraycopy(pixels, in, out, at, stride);
        case SUB -> {
          System.arraycopy(pixels, in, out, at, 3);
          for (int i = 3; i < stride; i++) {
            out[at + i] = (byte) (pixels[in + i] - pixels[in + i - 3]);
          }
        }
        case UP -> {
          if (y == 0) {
            System.arraycopy(pixels, in, out, at, stride);
          } else {
            for (int i = 0; i < stride; i++) {
              out[at + i] = (byte) (pixels[in + i] - pixels[in + i - stride]);
            }
          }
        }
      }
    }
    return out;
  }

  private static byte[] header(int width, int height) {
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = 8; // bits per sample
    ihdr[9] = 2; // colour type: RGB
    // compression 0 (deflate), filter method 0, no interlace
    return ihdr;
  }

  private static void writeChunk(ByteArrayOutputStream png, String type, byte[] data, int length) {
    byte[] lengthAndType = new byte[8];
    putInt(lengthAndType, 0, length);
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(typeBytes, 0, lengthAndType, 4, 4);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data, 0, length);
    png.writeBytes(lengthAndType);
    png.write(data, 0, length);
    byte[] crcBytes = new byte[4];
    putInt(crcBytes, 0, (int) crc.getValue());
    png.writeBytes(crcBytes);
  }

  private static void putInt(byte[] target, int offset, int value) {
    target[offset] = (byte) (value >>> 24);
    target[offset + 1] = (byte) (value >>> 16);
    target[offset + 2] = (byte) (value >>> 8);
    target[offset + 3] = (byte) value;
  }

  @Override
  public String toString() {
    return "png(" + filter + (huffmanOnly ? ", huffman-only" : ", level " + level) + ")";
  }
}
