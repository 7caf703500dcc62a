package dev.convscope.models.caffenet;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.models.ChannelOrder;
import dev.convscope.models.CnnModel;
import dev.convscope.models.ImageNetLabels;
import dev.convscope.models.Preprocessing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Makes BVLC's reference CaffeNet: trained weights from {@code caffenet.zip} in the models folder
 * when that file is there (a DL4J ComputationGraph zip of {@link CaffeNetArchitecture}'s graph),
 * otherwise the graph with weights drawn as Caffe's fillers would from a fixed seed. Nothing is
 * ever downloaded.
 */
public final class CaffeNet {

  public static final String NAME = "caffenet";
  public static final String MODEL_FILE = "caffenet.zip";

  /** System property naming the models folder; unset means no folder. */
  public static final String MODELS_DIR_PROPERTY = "convscope.models.dir";

  public static final long DEFAULT_SEED = 42;

  private final Path modelsDir;
  private final long seed;

  /** The models folder named by {@value #MODELS_DIR_PROPERTY}, if any; the default seed. */
  public CaffeNet() {
    this(
        Optional.ofNullable(System.getProperty(MODELS_DIR_PROPERTY))
            .filter(s -> !s.isBlank())
            .map(Path::of)
            .orElse(null),
        DEFAULT_SEED);
  }

  /**
   * @param modelsDir where {@value #MODEL_FILE} is looked for; null for nowhere
   */
  public CaffeNet(Path modelsDir) {
    this(modelsDir, DEFAULT_SEED);
  }

  /**
   * @param modelsDir where {@value #MODEL_FILE} is looked for; null for nowhere
   * @param seed for the fillers when there is no file; not 0
   */
  public CaffeNet(Path modelsDir, long seed) {
    requireSeed(seed);
    this.modelsDir = modelsDir;
    this.seed = seed;
  }

  /** The trained model file, when the models folder holds one. */
  public Optional<Path> modelFile() {
    if (modelsDir == null) {
      return Optional.empty();
    }
    Path file = modelsDir.resolve(MODEL_FILE);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  public CnnModel load() {
    Optional<Path> file = modelFile();
    return file.isPresent() ? pretrained(file.get()) : initialised(seed);
  }

  /** The graph with Caffe's train_val fillers; the digest covers the architecture and the seed. */
  public static CnnModel initialised(long seed) {
    requireSeed(seed);
    ComputationGraphConfiguration configuration = CaffeNetArchitecture.configuration(seed);
    ComputationGraph graph = new ComputationGraph(configuration);
    graph.init();
    String description = graph.getConfiguration().toJson() + "\nseed " + seed + "\n";
    String digest = Sha256.hex(description.getBytes(StandardCharsets.UTF_8));
    return model(digest, false, graph);
  }

  /**
   * A trained CaffeNet from a DL4J zip. Only the file's weights are taken, vertex by vertex by
   * name, into the graph built here, after checking that the file's graph has the same vertices,
   * wiring and parameter shapes: the network that runs is CaffeNet whatever else the file says.
   */
  public static CnnModel pretrained(Path file) {
    ComputationGraph saved;
    try {
      saved = ModelSerializer.restoreComputationGraph(file.toFile(), false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.getFileName(), e);
    }
    ComputationGraphConfiguration configuration = CaffeNetArchitecture.configuration(DEFAULT_SEED);
    if (!saved.getConfiguration().getVertexInputs().equals(configuration.getVertexInputs())) {
      throw new IllegalArgumentException(
          file.getFileName() + " is not CaffeNet: its vertices or their wiring differ");
    }
    ComputationGraph graph = new ComputationGraph(configuration);
    // Given a parameter array, init() draws no weights: every one is copied in below.
    graph.init(Nd4j.createUninitialized(DataType.FLOAT, 1, parameterCount(configuration)), false);
    for (GraphVertex vertex : graph.getVertices()) {
      if (vertex.hasLayer() && vertex.getLayer().numParams() > 0) {
        GraphVertex savedVertex = saved.getVertex(vertex.getVertexName());
        Map<String, INDArray> from =
            savedVertex.hasLayer() ? savedVertex.getLayer().paramTable() : Map.of();
        vertex
            .getLayer()
            .paramTable()
            .forEach(
                (key, to) -> {
                  INDArray weights = from.get(key);
                  if (weights == null || !Arrays.equals(weights.shape(), to.shape())) {
                    throw new IllegalArgumentException(
                        file.getFileName()
                            + " is not CaffeNet: "
                            + vertex.getVertexName()
                            + " "
                            + key
                            + " is "
                            + (weights == null ? "missing" : Arrays.toString(weights.shape()))
                            + ", not "
                            + Arrays.toString(to.shape()));
                  }
                  to.assign(weights.castTo(DataType.FLOAT));
                });
      }
    }
    return model(fileSha256(file), true, graph);
  }

  /**
   * Resize to 256×256, crop the centre 227×227, BGR planes, subtract the ImageNet mean pixel, no
   * scaling: Caffe's classification set-up and DIGITS'. The mean (B 104, G 117, R 123) is BVLC's
   * ilsvrc_2012_mean.binaryproto averaged over its pixels (104.0, 116.7, 122.7), rounded.
   */
  public static Preprocessing preprocessing() {
    return new Preprocessing(
        CaffeNetArchitecture.HEIGHT,
        CaffeNetArchitecture.WIDTH,
        CaffeNetArchitecture.CHANNELS,
        ChannelOrder.BGR,
        256,
        256,
        new float[] {104, 117, 123},
        new float[0],
        1f,
        "Resize to 256x256, crop the centre 227x227, BGR, subtract the ImageNet mean pixel (B 104, G 117, R 123: "
            + "BVLC's ilsvrc_2012_mean averaged per channel), scale 1.");
  }

  /** ND4J takes seed 0 for "no seed" and draws different weights every time. */
  private static void requireSeed(long seed) {
    if (seed == 0) {
      throw new IllegalArgumentException(
          "seed 0 means unseeded to ND4J: the weights would differ every run");
    }
  }

  private static CnnModel model(String digest, boolean pretrained, ComputationGraph graph) {
    return new CnnModel(
        NAME,
        digest,
        "zoo",
        pretrained,
        graph,
        preprocessing(),
        ImageNetLabels.all(),
        CaffeNetArchitecture.blobs());
  }

  private static long parameterCount(ComputationGraphConfiguration configuration) {
    return configuration.getVertices().values().stream()
        .mapToLong(vertex -> vertex.numParams(false))
        .sum();
  }

  private static String fileSha256(Path file) {
    try {
      return Sha256.hex(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.getFileName(), e);
    }
  }
}
