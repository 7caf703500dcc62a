package dev.convscope.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageNetLabelsTest {

  @Test
  void holdsTheThousandClassesInSynsetWordsOrder() {
    List<String> labels = ImageNetLabels.all();

    assertThat(labels).hasSize(1000);
    assertThat(labels.get(0)).isEqualTo("tench, Tinca tinca");
    assertThat(labels.get(1)).isEqualTo("goldfish, Carassius auratus");
    assertThat(labels.get(281)).isEqualTo("tabby, tabby cat");
    assertThat(labels.get(285)).isEqualTo("Egyptian cat");
    assertThat(labels.get(340)).isEqualTo("zebra");
    assertThat(labels.get(999)).isEqualTo("toilet tissue, toilet paper, bathroom tissue");
  }

  @Test
  void keepsImageNetsTwoNamesThatRepeat() {
    List<String> labels = ImageNetLabels.all();

    // Two WordNet senses each (the bird and the machine; two swimsuits): the list is by id, not by
    // name.
    assertThat(labels.get(134)).isEqualTo("crane");
    assertThat(labels.get(517)).isEqualTo("crane");
    assertThat(labels.get(638)).isEqualTo("maillot");
    assertThat(labels.get(639)).isEqualTo("maillot, tank suit");
    assertThat(labels).allSatisfy(label -> assertThat(label).isNotBlank().isEqualTo(label.strip()));
  }
}
