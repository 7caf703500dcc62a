package dev.convscope.gateway.run;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.convscope.api.gateway.v1.RunRequest;
import dev.convscope.api.v1.RenderOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names runs by what they are: the model's digest, the image's digest and the options, written out
 * canonically. The same question always gets the same id, which is what lets a repeat be answered
 * from the stored manifest.
 */
public final class RunIds {

  /** 128 bits of SHA-256 in hex: short enough for a URL, far too long to collide. */
  private static final int LENGTH = 32;

  private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{" + LENGTH + "}");

  private static final int DEFAULT_TOP_K = 5;
  private static final String DEFAULT_COLORMAP = "jet";
  private static final int DEFAULT_MAX_WIDTH = 600;

  private RunIds() {}

  /** The id of running {@code request} with the model and image of these digests. */
  public static String of(String modelDigest, String imageDigest, RunRequest request) {
    String canonical = modelDigest + "\n" + imageDigest + "\n" + canonicalOptions(request);
    return sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)).substring(0, LENGTH);
  }

  /** True when {@code runId} has the form of a run id (it may still name no run). */
  public static boolean isWellFormed(String runId) {
    return runId != null && FORMAT.matcher(runId).matches();
  }

  /** SHA-256 of {@code bytes} in lower-case hex, as the services name images and models. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * The options as protobuf JSON with the defaults filled in, so that leaving an option out and
   * giving its default name the same run. New fields left unset print nothing, so ids stay stable
   * as the contract grows.
   */
  private static String canonicalOptions(RunRequest request) {
    RenderOptions options = request.getOptions();
    RenderOptions.Builder filled = options.toBuilder();
    if (options.getColormap().isEmpty()) {
      filled.setColormap(DEFAULT_COLORMAP);
    }
    if (options.getMaxWidth() == 0) {
      filled.setMaxWidth(DEFAULT_MAX_WIDTH);
    }
    RunRequest canonical =
        RunRequest.newBuilder()
            .setTopK(request.getTopK() == 0 ? DEFAULT_TOP_K : request.getTopK())
            .setOptions(filled)
            .addAllLayers(request.getLayersList())
            .setSkipWeights(request.getSkipWeights())
            .build();
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(canonical);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a run request always prints as JSON", e);
    }
  }
}
