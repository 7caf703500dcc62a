package dev.convscope.inference.model.caffenet;

import dev.convscope.inference.model.ChannelOrder;
import dev.convscope.inference.model.CnnModel;
import dev.convscope.inference.model.Preprocessing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Makes BVLC's reference CaffeNet: the graph with weights drawn as Caffe's fillers would from a
 * fixed seed.
 */
public final class CaffeNet {

  public static final String NAME = "caffenet";
  public static final long DEFAULT_SEED = 42;

  private CaffeNet() {}

  /** The graph with Caffe's train_val fillers; the digest covers the architecture and the seed. */
  public static CnnModel initialised(long seed) {
    requireSeed(seed);
    ComputationGraphConfiguration configuration = CaffeNetArchitecture.configuration(seed);
    ComputationGraph graph = new ComputationGraph(configuration);
    graph.init();
    String description = graph.getConfiguration().toJson() + "\nseed " + seed + "\n";
    String digest = sha256(description.getBytes(StandardCharsets.UTF_8));
    return model(digest, false, graph);
  }

  /**
   * Resize to 256×256, crop the centre 227×227, BGR planes, subtract the ImageNet mean pixel,
   * no scaling: Caffe's classification set-up and DIGITS'. The mean (B 104, G 117, R 123) is BVLC's
   * ilsvrc_2012_mean.binaryproto averaged over its pixels (104.0, 116.7, 122.7), rounded.
   */
  public static Preprocessing preprocessing() {
    return new Preprocessing(CaffeNetArchitecture.HEIGHT, CaffeNetArchitecture.WIDTH, CaffeNetArchitecture.CHANNELS,
        ChannelOrder.BGR, 256, 256, new float[] {104, 117, 123}, 1f,
        "Resize to 256x256, crop the centre 227x227, BGR, subtract the ImageNet mean pixel (B 104, G 117, R 123: "
            + "BVLC's ilsvrc_2012_mean averaged per channel), scale 1.");
  }

  /** ND4J takes seed 0 for "no seed" and draws different weights every time. */
  private static void requireSeed(long seed) {
    if (seed == 0) {
      throw new IllegalArgumentException("seed 0 means unseeded to ND4J: the weights would differ every run");
    }
  }

  private static CnnModel model(String digest, boolean pretrained, ComputationGraph graph) {
    return new CnnModel(NAME, digest, "zoo", pretrained, graph, preprocessing(), ImageNetLabels.all(),
        CaffeNetArchitecture.blobs());
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
