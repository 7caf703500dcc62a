package dev.convscope.cli.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convscope.datasets.idx.LabelledImages;
import dev.convscope.models.CnnModel;
import dev.convscope.models.builtin.FashionMnistModel;
import dev.convscope.models.dataset.FashionMnist;
import dev.convscope.models.evaluation.Accuracy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convscope evaluate}: a model's accuracy on the 10 000 Fashion-MNIST test images. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Measures a model's accuracy on the Fashion-MNIST test images, overall and per class.",
    sortOptions = false)
public final class EvaluateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      defaultValue = FashionMnistModel.NAME,
      description = "the model to evaluate (default: ${DEFAULT-VALUE}, the only one so far)")
  String model;

  @Option(names = "--json", description = "print a JSON object instead of text")
  boolean json;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "the Fashion-MNIST IDX files (default: the system property "
              + FashionMnist.DIRECTORY_PROPERTY
              + ", else /usr/share/datasets/fashion-mnist)")
  Path data;

  @Override
  public Integer call() throws Exception {
    if (!FashionMnistModel.NAME.equals(model)) {
      throw new IllegalArgumentException(
          "unknown model '" + model + "'; known: " + FashionMnistModel.NAME);
    }
    CnnModel loaded = FashionMnistModel.load();
    LabelledImages test = FashionMnist.in(data).test();
    Accuracy accuracy =
        Accuracy.measure(loaded.graph(), loaded.preprocessing(), test, loaded.labels().size());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(asJson(loaded, accuracy));
    } else {
      printText(out, loaded, accuracy);
    }
    out.flush();
    return 0;
  }

  private static void printText(PrintWriter out, CnnModel model, Accuracy accuracy) {
    out.printf(
        Locale.ROOT,
        "%s: test accuracy %.2f%% (%d/%d)%n",
        model.name(),
        100 * accuracy.overall(),
        accuracy.correctImages(),
        accuracy.images());
    int width = model.labels().stream().mapToInt(String::length).max().orElse(0);
    for (int label = 0; label < accuracy.classes(); label++) {
      out.printf(
          Locale.ROOT,
          "  %-" + width + "s  %6.2f%%  (%d/%d)%n",
          model.label(label),
          100 * accuracy.ofClass(label),
          accuracy.correct()[label],
          accuracy.total()[label]);
    }
  }

  static String asJson(CnnModel model, Accuracy accuracy) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("model", model.name());
    root.put("digest", model.digest());
    root.put("images", accuracy.images());
    root.put("correct", accuracy.correctImages());
    root.put("accuracy", accuracy.overall());
    ArrayNode classes = root.putArray("classes");
    for (int label = 0; label < accuracy.classes(); label++) {
      ObjectNode entry = classes.addObject();
      entry.put("label", model.label(label));
      entry.put("images", accuracy.total()[label]);
      entry.put("correct", accuracy.correct()[label]);
      if (accuracy.total()[label] == 0) {
        entry.putNull("accuracy"); // JSON has no NaN
      } else {
        entry.put("accuracy", accuracy.ofClass(label));
      }
    }
    return mapper.writeValueAsString(root);
  }
}
