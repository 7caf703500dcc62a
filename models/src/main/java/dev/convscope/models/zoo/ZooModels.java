package dev.convscope.models.zoo;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.models.Blobs;
import dev.convscope.models.ChannelOrder;
import dev.convscope.models.CnnModel;
import dev.convscope.models.ModelDigests;
import dev.convscope.models.ModelFiles;
import dev.convscope.models.Preprocessing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.LeNet;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.VGG16;

/**
 * Architectures of the DL4J model zoo by name. Each runs with weights initialised from a fixed
 * seed, or pretrained when a DL4J zip named after it ({@code vgg16.zip}, ...) is in the model
 * folder; nothing is downloaded.
 */
public final class ZooModels {

  static final long SEED = 42;

  private static final Preprocessing IMAGENET =
      new Preprocessing(
          224,
          224,
          3,
          ChannelOrder.RGB,
          256,
          256,
          new float[] {123.68f, 116.779f, 103.939f},
          new float[0],
          1f,
          "resize to 256x256, centre crop 224, RGB, minus the ImageNet mean (123.68, 116.78, 103.94)");
  private static final Preprocessing DIGITS =
      Preprocessing.squash(
          28,
          28,
          1,
          ChannelOrder.RGB,
          new float[0],
          1f / 255,
          "gray, resize to 28x28, scale 1/255");

  private record Entry(Supplier<ZooModel> architecture, Preprocessing preprocessing, int classes) {}

  private static final Map<String, Entry> ENTRIES =
      Map.of(
          "lenet",
              new Entry(
                  () ->
                      LeNet.builder()
                          .seed(SEED)
                          .inputShape(new int[] {1, 28, 28})
                          .numClasses(10)
                          .build(),
                  DIGITS,
                  10),
          "alexnet",
              new Entry(
                  () ->
                      AlexNet.builder()
                          .seed(SEED)
                          .inputShape(new int[] {3, 224, 224})
                          .numClasses(1000)
                          .build(),
                  IMAGENET,
                  1000),
          "vgg16",
              new Entry(
                  () ->
                      VGG16
                          .builder()
                          .seed(SEED)
                          .inputShape(new int[] {3, 224, 224})
                          .numClasses(1000)
                          .build(),
                  IMAGENET,
                  1000),
          "resnet50",
              new Entry(
                  () ->
                      ResNet50.builder()
                          .seed(SEED)
                          .inputShape(new int[] {3, 224, 224})
                          .numClasses(1000)
                          .build(),
                  IMAGENET,
                  1000));

  private ZooModels() {}

  /** The zoo names, sorted. */
  public static List<String> names() {
    return ENTRIES.keySet().stream().sorted().toList();
  }

  /**
   * @param modelsDir where pretrained zips may be; null for none
   * @param labelsFor labels for a number of classes (ImageNet's for 1000), or an empty list
   */
  public static CnnModel load(
      String name, Path modelsDir, java.util.function.IntFunction<List<String>> labelsFor) {
    Entry entry = ENTRIES.get(name);
    if (entry == null) {
      throw new IllegalArgumentException(
          "no zoo model '" + name + "'; the zoo has " + String.join(", ", names()));
    }
    Path pretrained = modelsDir == null ? null : modelsDir.resolve(name + ".zip");
    ComputationGraph graph;
    String digest;
    boolean isPretrained = pretrained != null && Files.isRegularFile(pretrained);
    try {
      if (isPretrained) {
        graph = ModelFiles.readDl4jZip(pretrained);
        digest = Sha256.hex(pretrained);
      } else {
        ZooModel architecture = entry.architecture().get();
        graph = asGraph(architecture.init());
        digest = ModelDigests.ofParameters(name, graph);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pretrained, e);
    }
    return new CnnModel(
        name,
        digest,
        "zoo",
        isPretrained,
        graph,
        entry.preprocessing(),
        labelsFor.apply(entry.classes()),
        Blobs.everyVertex(graph));
  }

  private static ComputationGraph asGraph(Model model) {
    if (model instanceof ComputationGraph graph) {
      return graph;
    }
    return ModelFiles.asGraph((MultiLayerNetwork) model);
  }
}
