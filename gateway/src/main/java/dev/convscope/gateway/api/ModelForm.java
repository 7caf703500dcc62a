package dev.convscope.gateway.api;

import dev.convscope.api.v1.ModelFormat;
import dev.convscope.api.v1.ModelPart;
import dev.convscope.api.v1.ModelPartRole;
import dev.convscope.api.v1.ModelUploadHeader;
import dev.convscope.gateway.failure.InvalidInput;
import dev.convscope.gateway.failure.TooLarge;
import dev.convscope.gateway.failure.UnsupportedMedia;
import dev.convscope.gateway.inference.ModelFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * A model sent as {@code multipart/form-data}: one file in the field {@code model} (a DL4J zip, a
 * Keras HDF5 file or an ONNX file), or a Caffe network in {@code network} (deploy.prototxt) with
 * its {@code weights} (.caffemodel) and optionally a {@code mean} (.binaryproto); either may add
 * {@code labels}, one class per line. The files are already on the gateway's disk; nothing here
 * holds one in memory.
 */
final class ModelForm {

  static final String MODEL = "model";
  static final String NETWORK = "network";
  static final String WEIGHTS = "weights";
  static final String MEAN = "mean";
  static final String LABELS = "labels";

  /** A labels file is one short line per class; 1 MiB holds far more than 21,841 ImageNet ones. */
  static final long MAX_LABELS_BYTES = 1 << 20;

  /** The Caffe fields, in the order their files travel. */
  private static final Map<String, ModelPartRole> CAFFE_ROLES = new LinkedHashMap<>();

  static {
    CAFFE_ROLES.put(NETWORK, ModelPartRole.MODEL_PART_ROLE_CAFFE_NETWORK);
    CAFFE_ROLES.put(WEIGHTS, ModelPartRole.MODEL_PART_ROLE_CAFFE_WEIGHTS);
    CAFFE_ROLES.put(MEAN, ModelPartRole.MODEL_PART_ROLE_CAFFE_MEAN);
  }

  private final ModelFormat format;
  private final List<FileUpload> modelFiles;
  private final List<ModelPart> parts;
  private final List<String> labels;

  private ModelForm(
      ModelFormat format, List<FileUpload> modelFiles, List<ModelPart> parts, List<String> labels) {
    this.format = format;
    this.modelFiles = modelFiles;
    this.parts = parts;
    this.labels = labels;
  }

  /**
   * Reads which file is which, refusing a form that names no model, or one twice, or fields it does
   * not know.
   */
  static ModelForm of(List<FileUpload> files) {
    Map<String, FileUpload> byField = new LinkedHashMap<>();
    for (FileUpload file : files) {
      if (!file.name().equals(MODEL)
          && !file.name().equals(LABELS)
          && !CAFFE_ROLES.containsKey(file.name())) {
        throw new InvalidInput(
            "the form has a file in the field '"
                + file.name()
                + "'; a model upload takes the fields model, or network, weights and mean, and"
                + " labels");
      }
      if (byField.put(file.name(), file) != null) {
        throw new InvalidInput("the form has two files in the field '" + file.name() + "'");
      }
    }
    List<String> labels = byField.containsKey(LABELS) ? labels(byField.get(LABELS)) : List.of();
    FileUpload single = byField.get(MODEL);
    boolean caffe = CAFFE_ROLES.keySet().stream().anyMatch(byField::containsKey);
    if (single != null && caffe) {
      throw new InvalidInput(
          "the form has both a one-file model (field model) and Caffe files (network, weights,"
              + " mean): send one model per upload");
    }
    if (single != null) {
      return new ModelForm(formatOf(single), List.of(single), List.of(), labels);
    }
    if (!byField.containsKey(NETWORK) || !byField.containsKey(WEIGHTS)) {
      throw new InvalidInput(
          caffe
              ? "a Caffe model needs its network (field network, the deploy.prototxt) and its"
                  + " weights (field weights, the .caffemodel)"
              : "the form has no model: send a file in the field model (DL4J zip or Keras HDF5),"
                  + " or a Caffe model in the fields network and weights");
    }
    List<FileUpload> modelFiles = new ArrayList<>();
    List<ModelPart> parts = new ArrayList<>();
    CAFFE_ROLES.forEach(
        (field, role) -> {
          FileUpload file = byField.get(field);
          if (file != null) {
            modelFiles.add(file);
            parts.add(
                ModelPart.newBuilder()
                    .setRole(role)
                    .setSizeBytes(file.size())
                    .setFileName(file.fileName() == null ? field : file.fileName())
                    .build());
          }
        });
    return new ModelForm(ModelFormat.MODEL_FORMAT_CAFFE, modelFiles, parts, labels);
  }

  /** The bytes the model's files add up to (labels not counted): what the size limit applies to. */
  long totalBytes() {
    return modelFiles.stream().mapToLong(FileUpload::size).sum();
  }

  /**
   * The upload's header: format, size, parts and labels; the caller adds name and preprocessing.
   */
  ModelUploadHeader.Builder header() {
    return ModelUploadHeader.newBuilder()
        .setFormat(format)
        .setTotalBytes(totalBytes())
        .addAllParts(parts)
        .addAllLabels(labels);
  }

  /** The model's files back to back, in the order of the header's parts. */
  InputStream open() throws IOException {
    List<InputStream> streams = new ArrayList<>();
    for (FileUpload file : modelFiles) {
      streams.add(Files.newInputStream(file.uploadedFile()));
    }
    Iterator<InputStream> each = streams.iterator();
    return new SequenceInputStream(Collections.enumeration(streams)) {
      @Override
      public void close() throws IOException {
        super.close();
        while (each.hasNext()) {
          each.next().close();
        }
      }
    };
  }

  /**
   * A one-file model is known by its first bytes, as browsers send most files as octet-streams; an
   * ONNX file, which has no signature, by its name.
   */
  private static ModelFormat formatOf(FileUpload file) {
    byte[] start;
    try (InputStream in = Files.newInputStream(file.uploadedFile())) {
      start = in.readNBytes(16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ModelFormat format = ModelFiles.formatOfContent(start);
    String name = file.fileName() == null ? "" : file.fileName().toLowerCase(Locale.ROOT);
    if (format == ModelFormat.MODEL_FORMAT_UNSPECIFIED && name.endsWith(".onnx")) {
      format = ModelFormat.MODEL_FORMAT_ONNX;
    }
    if (format == ModelFormat.MODEL_FORMAT_UNSPECIFIED) {
      throw new UnsupportedMedia(
          "the file in the field model ("
              + file.fileName()
              + ") is neither a DL4J zip, a Keras HDF5 file nor an ONNX file (named .onnx); a"
              + " Caffe model goes in the fields network and weights");
    }
    return format;
  }

  /**
   * One label per line, as synset_words.txt has them ("n01440764 tench, Tinca tinca": the WordNet
   * id stays beside the name). Blank lines at the end are dropped; one before would shift every
   * later class, and is refused.
   */
  private static List<String> labels(FileUpload file) {
    if (file.size() > MAX_LABELS_BYTES) {
      throw new TooLarge(
          "the labels file has " + file.size() + " bytes; the limit is " + MAX_LABELS_BYTES);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file.uploadedFile(), StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new InvalidInput("the labels file is not UTF-8 text");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int last = lines.size();
    while (last > 0 && lines.get(last - 1).isBlank()) {
      last--;
    }
    List<String> labels = new ArrayList<>(last);
    for (int i = 0; i < last; i++) {
      // A byte-order mark, as some editors write, is not part of the first class's name.
      String line = (i == 0 ? lines.get(i).replace("\uFEFF", "") : lines.get(i)).strip();
      if (line.isEmpty()) {
        throw new InvalidInput(
            "line " + (i + 1) + " of the labels file is blank; each line names one class");
      }
      labels.add(line);
    }
    return labels;
  }
}
