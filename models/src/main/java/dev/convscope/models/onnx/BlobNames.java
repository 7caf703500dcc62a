package dev.convscope.models.onnx;

import dev.convscope.contract.digest.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The one rule from ONNX value and node names to blob names, which become the contract's layer
 * names and a segment of object keys ({@code runs/{model}/{image}/{layer}/...}): 1 to {@value
 * #MAX_LENGTH} letters, digits and {@code ._-} in segments separated by {@code /}, no segment
 * {@code .} or {@code ..}.
 *
 * <ol>
 *   <li>A node's output is its blob; when the node has a name the output's name does not start with
 *       (an exporter's {@code 11} written by node {@code Conv_3}), the blob is {@code node/output},
 *       so the module a user named is in it either way.
 *   <li>The name is cut at each {@code /}; empty segments are left out (so a leading {@code /} of
 *       {@code /layer1/conv/Conv_output_0} goes).
 *   <li>In each segment, every character other than an ASCII letter, digit, {@code .}, {@code _} or
 *       {@code -} becomes {@code _}, and a segment of dots only ({@code .}, {@code ..}) has each
 *       dot become {@code _}.
 *   <li>Nothing left: {@code _}.
 *   <li>Longer than {@value #MAX_LENGTH} characters: cut to {@value #KEPT} and ended with {@code -}
 *       and the first 8 hex digits of the SHA-256 of the original name.
 *   <li>A name an earlier blob of the model already has gets {@code -2}, {@code -3}, ... (cut again
 *       if that makes it too long).
 * </ol>
 */
final class BlobNames {

  /** The contract's longest layer name (TensorHeader.name). */
  static final int MAX_LENGTH = 200;

  private static final int KEPT = MAX_LENGTH - 9;

  private final Set<String> taken = new HashSet<>();

  /** The blob name of a node's output, unique in this model. */
  String ofOutput(String nodeName, String output) {
    boolean named = !nodeName.isEmpty() && !output.startsWith(nodeName);
    return unique(escape(named ? nodeName + "/" + output : output));
  }

  /** The blob name of a graph input, unique in this model. */
  String ofInput(String input) {
    return unique(escape(input));
  }

  private String unique(String name) {
    String candidate = name;
    for (int n = 2; !taken.add(candidate); n++) {
      String suffix = "-" + n;
      candidate = cut(name, MAX_LENGTH - suffix.length()) + suffix;
    }
    return candidate;
  }

  /** Steps 2 to 5 of the rule: any string to a valid layer name. */
  static String escape(String name) {
    StringBuilder escaped = new StringBuilder();
    for (String segment : name.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      StringBuilder part = new StringBuilder();
      boolean dotsOnly = true;
      for (int i = 0; i < segment.length(); ) {
        int c = segment.codePointAt(i);
        i += Character.charCount(c);
        boolean allowed =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '_'
                || c == '-';
        dotsOnly &= c == '.';
        part.append(allowed ? (char) c : '_');
      }
      if (escaped.length() > 0) {
        escaped.append('/');
      }
      escaped.append(dotsOnly ? part.toString().replace('.', '_') : part);
    }
    if (escaped.length() == 0) {
      return "_";
    }
    if (escaped.length() > MAX_LENGTH) {
      String digest = Sha256.hex(name.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
      return cut(escaped.toString(), KEPT) + "-" + digest;
    }
    return escaped.toString();
  }

  /** The first characters of a valid name, never ending in a bare {@code /}. */
  private static String cut(String name, int length) {
    if (name.length() <= length) {
      return name;
    }
    String head = name.substring(0, length);
    return head.endsWith("/") ? head.substring(0, head.length() - 1) : head;
  }
}
