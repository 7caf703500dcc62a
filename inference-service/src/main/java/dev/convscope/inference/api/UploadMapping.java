package dev.convscope.inference.api;

import dev.convscope.api.v1.ModelUploadHeader;
import dev.convscope.api.v1.UploadModelResponse;
import dev.convscope.inference.upload.ModelFileFormat;
import dev.convscope.inference.upload.ModelPart;
import dev.convscope.inference.upload.ModelPartRole;
import dev.convscope.inference.upload.PreprocessingPreset;
import dev.convscope.inference.upload.RequestedPreprocessing;
import dev.convscope.inference.upload.UploadDescription;
import dev.convscope.inference.upload.UploadOutcome;
import dev.convscope.models.ChannelOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
          case MODEL_FORMAT_CAFFE -> ModelFileFormat.CAFFE;
          case MODEL_FORMAT_ONNX -> ModelFileFormat.ONNX;
          default ->
              throw new IllegalArgumentException(
                  "header.format is "
                      + header.getFormat()
                      + "; declare MODEL_FORMAT_DL4J_ZIP, MODEL_FORMAT_KERAS_HDF5,"
                      + " MODEL_FORMAT_CAFFE or MODEL_FORMAT_ONNX");
        };
    List<ModelPart> parts = toParts(header, format);
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
        toRequested(header.getPreprocessing(), toPreset(header.getPreset())),
        parts);
  }

  /** The preset the header names; empty when it names none. */
  private static Optional<PreprocessingPreset> toPreset(String name) {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(PreprocessingPreset.ofKey(name));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("header.preset: " + e.getMessage(), e);
    }
  }

  /**
   * A Caffe model's files, whose sizes add up to the chunks' total; a model of one file has none.
   */
  private static List<ModelPart> toParts(ModelUploadHeader header, ModelFileFormat format) {
    if (format != ModelFileFormat.CAFFE) {
      if (header.getPartsCount() > 0) {
        throw new IllegalArgumentException(
            "header.parts lists "
                + header.getPartsCount()
                + " files, but "
                + format.description()
                + " is one file; send it without parts");
      }
      return List.of();
    }
    if (!header.getObjectKey().isEmpty()) {
      throw new IllegalArgumentException(
          "a Caffe model is sent as parts in chunks; header.object_key names one file");
    }
    List<ModelPart> parts = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < header.getPartsCount(); i++) {
      dev.convscope.api.v1.ModelPart part = header.getParts(i);
      ModelPartRole role =
          switch (part.getRole()) {
            case MODEL_PART_ROLE_CAFFE_NETWORK -> ModelPartRole.CAFFE_NETWORK;
            case MODEL_PART_ROLE_CAFFE_WEIGHTS -> ModelPartRole.CAFFE_WEIGHTS;
            case MODEL_PART_ROLE_CAFFE_MEAN -> ModelPartRole.CAFFE_MEAN;
            default ->
                throw new IllegalArgumentException(
                    "header.parts["
                        + i
                        + "].role is "
                        + part.getRole()
                        + "; a Caffe model's parts are MODEL_PART_ROLE_CAFFE_NETWORK,"
                        + " MODEL_PART_ROLE_CAFFE_WEIGHTS and MODEL_PART_ROLE_CAFFE_MEAN");
          };
      if (part.getSizeBytes() <= 0) {
        throw new IllegalArgumentException(
            "header.parts[" + i + "].size_bytes is " + part.getSizeBytes() + "; a file has bytes");
      }
      if (part.getFileName().length() > MAX_DISPLAY_NAME_LENGTH) {
        throw new IllegalArgumentException(
            "header.parts[" + i + "].file_name is over " + MAX_DISPLAY_NAME_LENGTH + " characters");
      }
      total += part.getSizeBytes();
      parts.add(new ModelPart(role, part.getSizeBytes(), part.getFileName()));
    }
    if (total != header.getTotalBytes()) {
      throw new IllegalArgumentException(
          "header.parts add up to "
              + total
              + " bytes, but header.total_bytes is "
              + header.getTotalBytes());
    }
    return parts;
  }

  /** Fields left unset (all of them, when the header has none) take the preset's or format's. */
  private static RequestedPreprocessing toRequested(
      dev.convscope.api.v1.Preprocessing proto, Optional<PreprocessingPreset> preset) {
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
    float[] std = new float[proto.getStdCount()];
    for (int i = 0; i < std.length; i++) {
      std[i] = proto.getStd(i);
    }
    return new RequestedPreprocessing(
        proto.getHeight(),
        proto.getWidth(),
        proto.getChannels(),
        order,
        proto.getResize(),
        mean,
        std,
        proto.getScale(),
        proto.getDescription(),
        preset);
  }

  static UploadModelResponse toResponse(UploadOutcome outcome) {
    return UploadModelResponse.newBuilder()
        .setSummary(SummaryMapping.toProto(outcome.model().summary(), true))
        .setAlreadyStored(outcome.alreadyStored())
        .build();
  }
}
