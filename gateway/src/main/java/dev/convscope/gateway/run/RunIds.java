package dev.convscope.gateway.run;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.contract.options.RunOptions;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Names runs by what they are: the model's digest, the image's digest and the options, written out
 * in the contract's canonical form. The same question always gets the same id, which is what lets a
 * repeat be answered from the stored manifest.
 */
public final class RunIds {

  /** 128 bits of SHA-256 in hex: short enough for a URL, far too long to collide. */
  private static final int LENGTH = 32;

  private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{" + LENGTH + "}");

  private RunIds() {}

  /**
   * The id of a run of the model and image of these digests with these options, normalised: leaving
   * an option out and giving its default name the same run.
   */
  public static String of(String modelDigest, String imageDigest, RunOptions options) {
    String canonical = modelDigest + "\n" + imageDigest + "\n" + options.canonical();
    return Sha256.hex(canonical.getBytes(StandardCharsets.UTF_8)).substring(0, LENGTH);
  }

  /** True when {@code runId} has the form of a run id (it may still name no run). */
  public static boolean isWellFormed(String runId) {
    return runId != null && FORMAT.matcher(runId).matches();
  }
}
