package dev.convscope.inference.upload;

import dev.convscope.models.catalog.ModelNotFoundException;
import java.util.regex.Pattern;

/** Uploaded models are run by their digest: "sha256:" and 64 lowercase hex digits. */
public final class UploadedModelNames {

  public static final String PREFIX = "sha256:";

  /** Where every uploaded model comes from, as summaries say. */
  public static final String SOURCE = "upload";

  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

  private UploadedModelNames() {}

  public static String of(String sha256) {
    return PREFIX + sha256;
  }

  static boolean isUploadName(String name) {
    return name.startsWith(PREFIX);
  }

  /** The hex digest of a "sha256:..." name; NOT_FOUND for a malformed one, which names no model. */
  static String digestOf(String name) {
    String digest = name.substring(PREFIX.length());
    if (!DIGEST.matcher(digest).matches()) {
      throw new ModelNotFoundException(
          "unknown model '"
              + name
              + "': an uploaded model is named "
              + "sha256: and 64 lowercase hex digits");
    }
    return digest;
  }
}
