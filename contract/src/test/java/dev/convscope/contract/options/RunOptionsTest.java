package dev.convscope.contract.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The run and render options: defaults filled in once, limits checked once, one canonical form. */
class RunOptionsTest {

  @Test
  void leavingAnOptionOutAndGivingItsDefaultAreTheSameRun() {
    RunOptions left = RunOptions.of(null, RenderOptions.of("", null, null, null), null, false);
    RunOptions given =
        RunOptions.of(
            5, RenderOptions.of("jet", 600, null, ChannelSelection.ALL), List.of(), false);

    assertThat(left).isEqualTo(RunOptions.defaults());
    assertThat(left.forModel(10)).isEqualTo(given.forModel(10));
    assertThat(left.forModel(10).canonical()).isEqualTo(given.forModel(10).canonical());
    assertThat(left.forModel(10).topK()).hasValue(RunOptions.DEFAULT_TOP_K);
    assertThat(left.render().maxWidth()).isEqualTo(RenderOptions.DEFAULT_MAX_WIDTH);
    assertThat(left.render().colormap().name()).isEqualTo(Colormap.DEFAULT);
  }

  @Test
  void everyOptionChangesTheCanonicalForm() {
    String base = RunOptions.defaults().canonical();
    List<RunOptions> changed =
        List.of(
            RunOptions.of(3, RenderOptions.defaults(), List.of(), false),
            RunOptions.of(null, RenderOptions.of("hot", null, null, null), List.of(), false),
            RunOptions.of(null, RenderOptions.of("", 300, null, null), List.of(), false),
            RunOptions.of(null, RenderOptions.of("", null, true, null), List.of(), false),
            RunOptions.of(null, RenderOptions.of("", null, false, null), List.of(), false),
            RunOptions.of(
                null,
                RenderOptions.of("", null, null, ChannelSelection.first(4)),
                List.of(),
                false),
            RunOptions.of(
                null,
                RenderOptions.of("", null, null, ChannelSelection.indices(4)),
                List.of(),
                false),
            RunOptions.of(null, RenderOptions.defaults(), List.of("conv1"), false),
            RunOptions.of(null, RenderOptions.defaults(), List.of(), true),
            RunOptions.defaults().withExportNpy(true));

    assertThat(changed)
        .extracting(RunOptions::canonical)
        .doesNotContain(base)
        .doesNotHaveDuplicates();
  }

  @Test
  void runsWithoutTheirValuesKeepTheCanonicalFormTheyHadBeforeTheOptionExisted() {
    assertThat(RunOptions.defaults().withExportNpy(false).canonical())
        .isEqualTo(
            "top_k=default;"
                + RenderOptions.defaults().canonical()
                + ";layers=;skip_weights=false");
  }

  @Test
  void layerNamesAreTrimmedAndBlankOnesDropped() {
    RunOptions options =
        RunOptions.of(null, RenderOptions.defaults(), List.of(" conv1", "", "  ", "pool1 "), false);

    assertThat(options.layers()).containsExactly("conv1", "pool1");
  }

  @Test
  void theDefaultTopKIsFiveOrEveryClassOfASmallerModel() {
    assertThat(RunOptions.defaults().forModel(3).topK()).hasValue(3);
    assertThat(RunOptions.defaults().forModel(1000).topK()).hasValue(5);
  }

  @Test
  void aTopKTheRequestGaveMustNotExceedTheClasses() {
    RunOptions eleven = RunOptions.of(11, RenderOptions.defaults(), List.of(), false);

    assertThat(eleven.forModel(11).topK()).hasValue(11);
    assertThatThrownBy(() -> eleven.forModel(10))
        .isInstanceOfSatisfying(
            InvalidOptionException.class, e -> assertThat(e.option()).isEqualTo("top_k"))
        .hasMessage("top_k 11 is more than the model's 10 classes");
  }

  @Test
  void badOptionsAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> RunOptions.of(0, RenderOptions.defaults(), List.of(), false))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessage("top_k must be at least 1, not 0");
    assertThatThrownBy(() -> RunOptions.of(-1, RenderOptions.defaults(), List.of(), false))
        .isInstanceOfSatisfying(
            InvalidOptionException.class, e -> assertThat(e.option()).isEqualTo("top_k"))
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> RenderOptions.of("plasma", null, null, null))
        .isInstanceOfSatisfying(
            InvalidOptionException.class, e -> assertThat(e.option()).isEqualTo("options.colormap"))
        .hasMessageContaining("plasma")
        .hasMessageContaining("viridis");
    for (int width : new int[] {0, -1, RenderOptions.MAX_MAX_WIDTH + 1}) {
      assertThatThrownBy(() -> RenderOptions.of("", width, null, null))
          .isInstanceOfSatisfying(
              InvalidOptionException.class,
              e -> assertThat(e.option()).isEqualTo("options.max_width"))
          .hasMessageContaining(Integer.toString(width));
    }
    assertThatThrownBy(() -> ChannelSelection.first(0))
        .isInstanceOfSatisfying(
            InvalidOptionException.class,
            e -> assertThat(e.option()).isEqualTo("options.channels"));
  }

  @Test
  void widthLimitsAreInclusive() {
    assertThat(RenderOptions.of("", RenderOptions.MIN_MAX_WIDTH, null, null).maxWidth())
        .isEqualTo(1);
    assertThat(RenderOptions.of("", RenderOptions.MAX_MAX_WIDTH, null, null).maxWidth())
        .isEqualTo(4096);
  }

  @Test
  void softmaxIsDrawnRawUnlessTheRequestSaysOtherwise() {
    assertThat(RenderOptions.defaults().normalizes("Softmax")).isFalse();
    assertThat(RenderOptions.defaults().normalizes("Convolution")).isTrue();
    assertThat(RenderOptions.of("", null, true, null).normalizes("Softmax")).isTrue();
    assertThat(RenderOptions.of("", null, false, null).normalizes("Convolution")).isFalse();
  }
}
