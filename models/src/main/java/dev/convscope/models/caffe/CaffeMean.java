package dev.convscope.models.caffe;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A mean image as Caffe keeps it (a .binaryproto file holding one BlobProto, such as
 * ilsvrc_2012_mean.binaryproto: 3 x 256 x 256), in Caffe's channel order (BGR for ImageNet models).
 * Subtract it per pixel, or per channel with {@link #channelMeans()} as the Caffe lab does after
 * resizing.
 *
 * @param values channel-major (C, H, W), row-major within a channel
 */
public record CaffeMean(int channels, int height, int width, float[] values) {

  /** Far above a mean image's size (ImageNet's is 786 KB). */
  static final long MAX_SIZE_BYTES = 64L << 20;

  public CaffeMean {
    if ((long) channels * height * width != values.length) {
      throw new IllegalArgumentException(
          values.length + " values for a " + channels + "x" + height + "x" + width + " mean");
    }
  }

  public static CaffeMean read(Path binaryproto) throws IOException {
    try (InputStream in = Files.newInputStream(binaryproto)) {
      return read(in, Files.size(binaryproto));
    } catch (CaffeFormatException e) {
      throw new CaffeFormatException(binaryproto.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** The mean of a .binaryproto stream of that many bytes. */
  public static CaffeMean read(InputStream binaryproto, long sizeBytes) throws IOException {
    if (sizeBytes > MAX_SIZE_BYTES) {
      throw new CaffeFormatException(
          "the mean file is " + sizeBytes + " bytes; a mean image is far smaller");
    }
    CodedInputStream in = CodedInputStream.newInstance(binaryproto);
    StoredBlob blob;
    try {
      in.pushLimit((int) sizeBytes);
      blob = BlobDecoder.readFields(in);
    } catch (InvalidProtocolBufferException e) {
      throw new CaffeFormatException("the mean file is truncated or corrupt: " + e.getMessage(), e);
    }
    List<Integer> shape = blob.shape();
    boolean image = shape.size() == 3 || (shape.size() == 4 && shape.get(0) == 1);
    List<Integer> chw = image ? shape.subList(shape.size() - 3, shape.size()) : List.of();
    if (!image || chw.contains(0)) {
      throw new CaffeFormatException(
          "the mean file holds a blob of shape "
              + blob.describeShape()
              + "; a mean is one image, (1, C, H, W) or (C, H, W)");
    }
    if (blob.values().length != (long) chw.get(0) * chw.get(1) * chw.get(2)) {
      throw new CaffeFormatException(
          "the mean file's blob of shape "
              + blob.describeShape()
              + " holds "
              + blob.values().length
              + " values");
    }
    return new CaffeMean(chw.get(0), chw.get(1), chw.get(2), blob.values());
  }

  /** Each channel's average over the image, as one value per channel. */
  public float[] channelMeans() {
    float[] means = new float[channels];
    int plane = height * width;
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        sum += values[i];
      }
      means[c] = (float) (sum / plane);
    }
    return means;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CaffeMean mean
        && channels == mean.channels
        && height == mean.height
        && width == mean.width
        && Arrays.equals(values, mean.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  /** The shape only: values are never printed. */
  @Override
  public String toString() {
    return "CaffeMean[" + channels + "x" + height + "x" + width + "]";
  }
}
