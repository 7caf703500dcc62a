package dev.convscope.models.caffe;

import static dev.convscope.models.caffe.CaffeFixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Labels files: synset_words.txt lines keep their WordNet id beside the name. */
class SynsetLabelsTest {

  @Test
  void keepsTheWordNetIdBesideTheName() throws IOException {
    JsonNode expected = CaffeFixtures.expected().get("labels");

    List<CaffeLabel> labels = SynsetLabels.read(file("synset_words.txt"));

    assertThat(labels).hasSize(expected.size());
    for (int i = 0; i < labels.size(); i++) {
      assertThat(labels.get(i))
          .isEqualTo(
              new CaffeLabel(
                  Optional.of(expected.get(i).get(0).asText()), expected.get(i).get(1).asText()));
    }
    assertThat(labels.get(0))
        .isEqualTo(new CaffeLabel(Optional.of("n01440764"), "tench, Tinca tinca"));
  }

  @Test
  void takesNamesAloneAndIgnoresBlankLinesAtTheEnd() {
    assertThat(SynsetLabels.parse(List.of("cat", "n02084071 dog, domestic dog", "", " ")))
        .containsExactly(
            new CaffeLabel(Optional.empty(), "cat"),
            new CaffeLabel(Optional.of("n02084071"), "dog, domestic dog"));
  }

  @Test
  void refusesABlankLineThatWouldShiftTheClasses() {
    assertThatThrownBy(() -> SynsetLabels.parse(List.of("cat", "", "dog")))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage("line 2 of the labels is blank; each line names one class");
    assertThatThrownBy(() -> SynsetLabels.parse(List.of("", "")))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessage("the labels name no class");
  }
}
