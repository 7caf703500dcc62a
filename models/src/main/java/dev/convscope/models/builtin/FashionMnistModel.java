package dev.convscope.models.builtin;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.models.Blobs;
import dev.convscope.models.CnnModel;
import dev.convscope.models.dataset.FashionMnist;
import dev.convscope.models.evaluation.Accuracy;
import dev.convscope.models.training.EpochSummary;
import dev.convscope.models.training.TrainingSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The built-in model as files: {@code model.zip} (DL4J's format, weights without updater state),
 * {@code labels.txt} (one class name a line, in output order) and {@code model.json} (a {@link
 * TrainingRecord}). The trained one ships as a resource under {@value #RESOURCE_DIR}.
 */
public final class FashionMnistModel {

  public static final String NAME = "fashion-mnist";
  public static final String SOURCE = "built-in";
  public static final String RESOURCE_DIR = "/models/fashion-mnist/";
  public static final String MODEL_FILE = "model.zip";
  public static final String LABELS_FILE = "labels.txt";

  private FashionMnistModel() {}

  /** The committed, trained model. */
  public static CnnModel load() throws IOException {
    return fromBytes(
        resource(MODEL_FILE), parseLabels(resource(LABELS_FILE), RESOURCE_DIR + LABELS_FILE));
  }

  /** The committed model's training record. */
  public static TrainingRecord trainingRecord() throws IOException {
    return TrainingRecord.read(new ByteArrayInputStream(resource(TrainingRecord.FILE_NAME)));
  }

  /** A model written by {@link #save}: the zip, and the labels.txt beside it. */
  public static CnnModel load(Path modelZip) throws IOException {
    Path labels = siblingOf(modelZip, LABELS_FILE);
    return fromBytes(
        Files.readAllBytes(modelZip), parseLabels(Files.readAllBytes(labels), labels.toString()));
  }

  /** Writes the zip and, beside it, labels.txt and model.json. */
  public static void save(
      ComputationGraph graph,
      Path modelZip,
      TrainingSettings settings,
      int trainImages,
      EpochSummary last)
      throws IOException {
    Path parent = modelZip.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    ModelSerializer.writeModel(
        graph, modelZip.toFile(), false); // no updater state: a third of the size
    Files.writeString(
        siblingOf(modelZip, LABELS_FILE), String.join("\n", FashionMnist.LABELS) + "\n");
    Accuracy accuracy = last.testAccuracy();
    Map<String, Double> perClass = new LinkedHashMap<>();
    for (int label = 0; label < accuracy.classes(); label++) {
      perClass.put(FashionMnist.LABELS.get(label), TrainingRecord.rounded(accuracy.ofClass(label)));
    }
    TrainingRecord record =
        new TrainingRecord(
            NAME,
            "Fashion-MNIST",
            settings.epochs(),
            settings.batchSize(),
            settings.seed(),
            FashionMnistCnn.LEARNING_RATE,
            FashionMnistCnn.LEARNING_RATE_DECAY,
            trainImages,
            accuracy.images(),
            TrainingRecord.rounded(accuracy.overall()),
            perClass,
            graph.numParams());
    Files.writeString(siblingOf(modelZip, TrainingRecord.FILE_NAME), record.toJson());
  }

  static CnnModel fromBytes(byte[] zip, List<String> labels) throws IOException {
    ComputationGraph graph =
        ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(zip), false);
    return new CnnModel(
        NAME,
        Sha256.hex(zip),
        SOURCE,
        true,
        graph,
        FashionMnistCnn.preprocessing(),
        labels,
        Blobs.everyVertex(graph));
  }

  static List<String> parseLabels(byte[] text, String source) {
    List<String> labels =
        new String(text, StandardCharsets.UTF_8)
            .lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .toList();
    if (labels.size() != FashionMnist.CLASSES) {
      throw new IllegalArgumentException(
          source + " names " + labels.size() + " classes; the model has " + FashionMnist.CLASSES);
    }
    return labels;
  }

  private static Path siblingOf(Path file, String name) {
    return file.toAbsolutePath().resolveSibling(name);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = FashionMnistModel.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IOException(
            "the built-in model's "
                + name
                + " is missing from the classpath ("
                + RESOURCE_DIR
                + ")");
      }
      return in.readAllBytes();
    }
  }
}
