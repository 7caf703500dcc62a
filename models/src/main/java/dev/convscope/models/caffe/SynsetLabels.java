package dev.convscope.models.caffe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a labels file: one class per line in the output's order, either in synset_words.txt form (a
 * WordNet id, a space, the names: "n01440764 tench, Tinca tinca") or as the name alone. Blank lines
 * at the end are ignored; one elsewhere would shift every later class, and is refused.
 */
public final class SynsetLabels {

  /** A WordNet noun id: "n" and eight digits. */
  private static final Pattern SYNSET = Pattern.compile("(n\\d{8})\\s+(\\S.*)");

  private SynsetLabels() {}

  public static List<CaffeLabel> read(Path file) throws IOException {
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (CaffeFormatException e) {
      throw new CaffeFormatException(file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  public static List<CaffeLabel> parse(List<String> lines) {
    int last = lines.size();
    while (last > 0 && lines.get(last - 1).isBlank()) {
      last--;
    }
    List<CaffeLabel> labels = new ArrayList<>();
    for (int i = 0; i < last; i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        throw new CaffeFormatException(
            "line " + (i + 1) + " of the labels is blank; each line names one class");
      }
      Matcher synset = SYNSET.matcher(line);
      labels.add(
          synset.matches()
              ? new CaffeLabel(Optional.of(synset.group(1)), synset.group(2))
              : new CaffeLabel(Optional.empty(), line));
    }
    if (labels.isEmpty()) {
      throw new CaffeFormatException("the labels name no class");
    }
    return labels;
  }
}
