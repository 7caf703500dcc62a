package dev.convscope.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.render.conformance.CaseDirectory;
import dev.convscope.render.conformance.Conformance;
import dev.convscope.render.png.PngEncoder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every conformance case through the Java renderer: pixels ±1, statistics 1e-5 relative. */
class ConformanceTest {

  static List<Path> cases() {
    return Conformance.cases();
  }

  @Test
  void theWholeSuiteIsHere() {
    assertThat(cases()).hasSize(14);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void picturesMatchTheReference(Path caseDir) throws Exception {
    CaseDirectory found = CaseDirectory.read(caseDir);

    RgbImage picture = TileRenderer.render(found.tensor(), found.options());

    Conformance.assertPixelsMatch(
        picture, Conformance.expectedPicture(caseDir), Conformance.PIXEL_TOLERANCE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void statisticsMatchTheReference(Path caseDir) throws Exception {
    CaseDirectory found = CaseDirectory.read(caseDir);

    TensorStatistics statistics = TensorStatistics.of(found.tensor().values());

    Conformance.assertStatisticsMatch(statistics, Conformance.expectedStatistics(caseDir));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void encodedPicturesDecodeToTheSamePixels(Path caseDir) throws Exception {
    RgbImage picture =
        TileRenderer.render(
            CaseDirectory.read(caseDir).tensor(), CaseDirectory.read(caseDir).options());

    RgbImage decoded = Conformance.decode(PngEncoder.DEFAULT.encode(picture));

    Conformance.assertPixelsMatch(decoded, picture, 0);
  }
}
