package dev.convscope.models.builtin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the committed model was trained and how well it did: the {@code model.json} beside the model
 * file. No date in it, so training again with the same settings changes only what the training
 * itself changes.
 *
 * @param learningRate Adam's, in the first epoch
 * @param learningRateDecay the factor from one epoch's learning rate to the next's
 * @param testAccuracy on every test image, 0..1
 * @param classAccuracy per class label, on the test images of that class
 */
public record TrainingRecord(
    String model,
    String dataset,
    int epochs,
    int batchSize,
    long seed,
    double learningRate,
    double learningRateDecay,
    int trainImages,
    int testImages,
    double testAccuracy,
    Map<String, Double> classAccuracy,
    long parameters) {

  public static final String FILE_NAME = "model.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public TrainingRecord {
    classAccuracy = new LinkedHashMap<>(classAccuracy); // keeps the label order in the file
  }

  public static TrainingRecord read(InputStream in) throws IOException {
    return JSON.readValue(in, TrainingRecord.class);
  }

  public String toJson() throws IOException {
    return JSON.writeValueAsString(this) + "\n";
  }

  /** Rounded so the file reads well: four decimals are a hundredth of a percent. */
  static double rounded(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
