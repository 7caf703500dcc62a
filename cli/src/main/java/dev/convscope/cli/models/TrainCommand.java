package dev.convscope.cli.models;

import dev.convscope.datasets.idx.LabelledImages;
import dev.convscope.models.builtin.FashionMnistCnn;
import dev.convscope.models.builtin.FashionMnistModel;
import dev.convscope.models.dataset.FashionMnist;
import dev.convscope.models.training.EpochSummary;
import dev.convscope.models.training.Trainer;
import dev.convscope.models.training.TrainingProgressBar;
import dev.convscope.models.training.TrainingSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convscope train}: trains the built-in model on Fashion-MNIST from scratch. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the built-in Fashion-MNIST CNN and writes it as a DL4J model zip, with labels.txt and "
          + "model.json (settings and test accuracy) beside it. Progress goes to stderr.",
      "On a small or busy machine run it with OMP_NUM_THREADS=1: ND4J's default of one thread per "
          + "core trained this network about three times slower on two shared cores."
    },
    sortOptions = false)
public final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      defaultValue = "" + TrainingSettings.DEFAULT_EPOCHS,
      description = "passes over the training images (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "" + TrainingSettings.DEFAULT_BATCH_SIZE,
      description = "images per weight update (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "" + TrainingSettings.DEFAULT_SEED,
      description =
          "seed of the initial weights, the shuffling and dropout (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "the Fashion-MNIST IDX files (default: the system property "
              + FashionMnist.DIRECTORY_PROPERTY
              + ", else /usr/share/datasets/fashion-mnist)")
  Path data;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "the model zip to write; labels.txt and model.json go beside it")
  Path out;

  @Override
  public Integer call() throws Exception {
    TrainingSettings settings = new TrainingSettings(epochs, batchSize, seed);
    if (Files.isDirectory(out)) {
      throw new IllegalArgumentException(
          out + " is a directory; --out names the model file to write");
    }
    PrintWriter err = spec.commandLine().getErr();
    FashionMnist dataset = FashionMnist.in(data);
    LabelledImages train = dataset.train();
    LabelledImages test = dataset.test();
    err.printf(
        Locale.ROOT,
        "training on %d images, testing on %d, from %s; %d epochs of batches of %d, seed %d%n",
        train.count(),
        test.count(),
        dataset.directory(),
        epochs,
        batchSize,
        seed);
    err.flush();

    ComputationGraph graph = FashionMnistCnn.untrained(seed);
    List<EpochSummary> epochsDone =
        Trainer.train(
            graph,
            FashionMnistCnn.preprocessing(),
            FashionMnist.CLASSES,
            train,
            test,
            settings,
            new TrainingProgressBar(err));
    EpochSummary last = epochsDone.get(epochsDone.size() - 1);
    FashionMnistModel.save(graph, out, settings, train.count(), last);

    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s: %d parameters, %d bytes, test accuracy %.2f%%%n",
            out,
            graph.numParams(),
            Files.size(out),
            100 * last.testAccuracy().overall());
    return 0;
  }
}
