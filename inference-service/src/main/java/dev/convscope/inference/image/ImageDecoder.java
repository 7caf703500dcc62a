package dev.convscope.inference.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG and JPEG files (colour or gray) with the JDK's ImageIO, checking the limits from the
 * file's header before decoding the pixels, so an oversized image costs no memory.
 */
public final class ImageDecoder {

  private static final Set<String> FORMATS = Set.of("png", "jpeg");

  private final long maxBytes;
  private final long maxPixels;

  public ImageDecoder(long maxBytes, long maxPixels) {
    this.maxBytes = maxBytes;
    this.maxPixels = maxPixels;
  }

  public BufferedImage decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw ImageRejectedException.unreadable(
          "the image is empty; send the bytes of a PNG or JPEG file");
    }
    if (bytes.length > maxBytes) {
      throw ImageRejectedException.tooLarge(
          "the image has " + bytes.length + " bytes; the limit is " + maxBytes);
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw ImageRejectedException.unreadable(
            "the image is not a PNG or JPEG file (unrecognised format)");
      }
      ImageReader reader = readers.next();
      try {
        String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
        if (!FORMATS.contains(format)) {
          throw ImageRejectedException.unreadable(
              "the image is a "
                  + format.toUpperCase(java.util.Locale.ROOT)
                  + " file; send PNG or JPEG");
        }
        String damage = ImageIntegrity.problemWith(bytes, format);
        if (damage != null) {
          throw ImageRejectedException.unreadable(
              "the image cannot be decoded (corrupt or truncated): " + damage);
        }
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > maxPixels) {
          throw ImageRejectedException.tooLarge(
              "the image is "
                  + reader.getWidth(0)
                  + "x"
                  + reader.getHeight(0)
                  + " = "
                  + pixels
                  + " pixels; the limit is "
                  + maxPixels);
        }
        BufferedImage image = reader.read(0);
        if (image == null) {
          throw ImageRejectedException.unreadable("the " + format + " image holds no picture");
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ImageRejectedException rejected) {
        throw rejected;
      }
      throw ImageRejectedException.unreadable(
          "the image cannot be decoded (corrupt or truncated): "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }
}
