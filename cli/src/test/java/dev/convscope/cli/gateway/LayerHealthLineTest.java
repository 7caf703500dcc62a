package dev.convscope.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The health line of a layer, from the JSON a run gives. */
class LayerHealthLineTest {

  private static String line(String statistics) throws Exception {
    return LayerHealthLine.of(
        new ObjectMapper().readTree("{\"name\": \"conv1\", \"statistics\": " + statistics + "}"));
  }

  @Test
  void aHealthyLayerShowsItsZerosOnly() throws Exception {
    assertThat(line("{\"value_count\": 200, \"zero_count\": 50}")).endsWith("zeros  25.0 %");
  }

  @Test
  void deadChannelsAreNamedUpToEightAndCountedOfAll() throws Exception {
    String line =
        line(
            "{\"value_count\": 10, \"zero_count\": 10, \"channel_maxima\": [0,0,0,0,0,0,0,0,0,0],"
                + " \"dead_channels\": [0,1,2,3,4,5,6,7,8,9], \"nan_count\": 2,"
                + " \"infinite_count\": 1, \"saturated_count\": 4}");

    assertThat(line)
        .contains("dead 10/10 (0, 1, 2, 3, 4, 5, 6, 7, ...)")
        .contains("saturated 4")
        .contains("NaN 2")
        .contains("infinite 1");
  }
}
