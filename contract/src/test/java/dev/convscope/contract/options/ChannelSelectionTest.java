package dev.convscope.contract.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command-line form of a channel selection, what it selects, and its key. */
class ChannelSelectionTest {

  private static int[] range(int from, int to) {
    return IntStream.range(from, to).toArray();
  }

  @Test
  void allSelectsEveryMap() {
    assertThat(ChannelSelection.parse("all")).isEqualTo(ChannelSelection.ALL);
    assertThat(ChannelSelection.parse(" all ")).isEqualTo(ChannelSelection.ALL);
    assertThat(ChannelSelection.parse("all").select(5)).containsExactly(0, 1, 2, 3, 4);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"36", ":36", " 36 "})
  void aNumberSelectsTheFirstMaps(String spec) {
    ChannelSelection selection = ChannelSelection.parse(spec);

    assertThat(selection).isEqualTo(ChannelSelection.first(36));
    assertThat(selection.select(96)).containsExactly(range(0, 36));
    assertThat(selection.select(10)).as("fewer maps than asked for").containsExactly(range(0, 10));
  }

  @Test
  void aListSelectsItsIndicesAndRangesInOrder() {
    ChannelSelection selection = ChannelSelection.parse("0,5,7-9");

    assertThat(selection.select(10)).containsExactly(0, 5, 7, 8, 9);
    assertThat(selection).isEqualTo(ChannelSelection.indices(0, 5, 7, 8, 9));
    assertThat(ChannelSelection.parse("12, 3 ,4-4").select(20)).containsExactly(12, 3, 4);
    assertThat(ChannelSelection.parse("7-9,0").select(10)).containsExactly(7, 8, 9, 0);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"0", ":0", "-3", "9-7", "x", ":x", "1,,2", "3-", "1-x", "2,-1"})
  void malformedSelectionsAreRejected(String spec) {
    assertThatThrownBy(() -> ChannelSelection.parse(spec))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectionsSayWhatIsWrong() {
    assertThatThrownBy(() -> ChannelSelection.parse("9-7")).hasMessageContaining("9-7");
    assertThatThrownBy(() -> ChannelSelection.parse("x")).hasMessageContaining("'x'");
    assertThatThrownBy(() -> ChannelSelection.parse("-3")).hasMessageContaining("-3");
  }

  @Test
  void programmaticSelectionsAreCheckedToo() {
    assertThatThrownBy(() -> ChannelSelection.first(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChannelSelection.indices())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChannelSelection.indices(2, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anIndexBeyondTheMapsIsRejectedWhenSelecting() {
    ChannelSelection selection = ChannelSelection.parse("1,40");

    assertThat(selection.select(41)).containsExactly(1, 40);
    assertThatThrownBy(() -> selection.select(40))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 40")
        .hasMessageContaining("40 maps");
  }

  @Test
  void selectedIndicesCannotBeChangedFromOutside() {
    int[] listed = {4, 2};
    ChannelSelection selection = ChannelSelection.indices(listed);
    listed[0] = 99;
    selection.select(10)[1] = 77;

    assertThat(selection.select(10)).containsExactly(4, 2);
  }

  @Test
  void keysAreStableAndTellSelectionsApart() {
    List<String> specs =
        List.of("all", "36", "35", "0,5,7-9", "0,5,7,8", "5,0,7-9", "1", "1,2", "2,1", "12", "1-2");
    Set<String> keys = new HashSet<>();
    for (String spec : specs) {
      String key = ChannelSelection.parse(spec).keyPart();
      assertThat(ChannelSelection.parse(spec).keyPart()).as("stable for %s", spec).isEqualTo(key);
      assertThat(key).as("key-safe for %s", spec).matches("[A-Za-z0-9._-]*");
      keys.add(key);
    }
    // "1-2" is the same selection as "1,2"; every other spec is a different one.
    assertThat(ChannelSelection.parse("1-2").keyPart())
        .isEqualTo(ChannelSelection.parse("1,2").keyPart());
    assertThat(keys).hasSize(specs.size() - 1);
    assertThat(ChannelSelection.ALL.keyPart()).isEmpty();
    assertThat(ChannelSelection.parse(":36").keyPart())
        .isEqualTo(ChannelSelection.parse("36").keyPart());
  }

  @Test
  void longListsGiveShortDistinctKeys() {
    String all = ChannelSelection.indices(range(0, 1000)).keyPart();
    String shorter = ChannelSelection.indices(range(0, 999)).keyPart();
    String shifted = ChannelSelection.indices(range(1, 1001)).keyPart();
    int[] swapped = range(0, 1000);
    swapped[10] = 11;
    swapped[11] = 10;
    String reordered = ChannelSelection.indices(swapped).keyPart();

    for (String key : List.of(all, shorter, shifted, reordered)) {
      assertThat(key.length()).as(key).isLessThanOrEqualTo(40);
      assertThat(key).matches("[A-Za-z0-9._-]+");
    }
    assertThat(Set.of(all, shorter, shifted, reordered)).hasSize(4);
    assertThat(ChannelSelection.indices(range(0, 1000)).keyPart()).isEqualTo(all);
    assertThat(ChannelSelection.parse("0-999").keyPart()).isEqualTo(all);
  }
}
