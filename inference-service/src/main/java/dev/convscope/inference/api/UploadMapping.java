package dev.convscope.inference.api;

import dev.convscope.api.v1.ModelUploadHeader;
import dev.convscope.api.v1.UploadModelResponse;
import dev.convscope.inference.upload.ModelFileFormat;
import dev.convscope.inference.upload.RequestedPreprocessing;
import dev.convscope.inference.upload.UploadDescription;
import dev.convscope.inference.upload.UploadOutcome;
import dev.convscope.models.ChannelOrder;

/** Model uploads from the wire to the domain and back. */
final class UploadMapping {

  static final int MAX_DISPLAY_NAME_LENGTH = 200;
  static final int MAX_LABEL_LENGTH = 200;

  private UploadMapping() {}

  static UploadDescription toDescription(ModelUploadHeader header) {
    ModelFileFormat format =
        switch (header.getFormat()) {
          case MODEL_FORMAT_DL4J_ZIP -> ModelFileFormat.DL4J_ZIP;
          case MODEL_FORMAT_KERAS_HDF5 -> ModelFileFormat.KERAS_HDF5;
          default ->
              throw new IllegalArgumentException(
                  "header.format is "
                      + header.getFormat()
                      + "; declare MODEL_FORMAT_DL4J_ZIP or MODEL_FORMAT_KERAS_HDF5");
        };
    if (header.getDisplayName().length() > MAX_DISPLAY_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "header.display_name has "
              + header.getDisplayName().length()
              + " characters; at most "
              + MAX_DISPLAY_NAME_LENGTH
              + " are taken");
    }
    for (String label : header.getLabelsList()) {
      if (label.length() > MAX_LABEL_LENGTH) {
        throw new IllegalArgumentException(
            "header.labels has a label of "
                + label.length()
                + " characters; at most "
                + MAX_LABEL_LENGTH
                + " are taken");
      }
    }
    return new UploadDescription(
        format,
        header.getDisplayName(),
        header.getLabelsList(),
        header.hasPreprocessing()
            ? toRequested(header.getPreprocessing())
            : RequestedPreprocessing.DEFAULT);
  }

  /** Fields left unset take the defaults; an unset channel order is RGB, the upload default. */
  private static RequestedPreprocessing toRequested(dev.convscope.api.v1.Preprocessing proto) {
    ChannelOrder order =
        switch (proto.getChannelOrder()) {
          case CHANNEL_ORDER_BGR -> ChannelOrder.BGR;
          case CHANNEL_ORDER_RGB -> ChannelOrder.RGB;
          default -> null;
        };
    float[] mean = new float[proto.getMeanCount()];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = proto.getMean(i);
    }
    return new RequestedPreprocessing(
        proto.getHeight(),
        proto.getWidth(),
        proto.getChannels(),
        order,
        proto.getResize(),
        mean,
        proto.getScale(),
        proto.getDescription());
  }

  static UploadModelResponse toResponse(UploadOutcome outcome) {
    return UploadModelResponse.newBuilder()
        .setSummary(SummaryMapping.toProto(outcome.model().summary(), true))
        .setAlreadyStored(outcome.alreadyStored())
        .build();
  }
}
