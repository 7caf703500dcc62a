package dev.convscope.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.convscope.contract.options.Colormap;
import dev.convscope.contract.options.RenderOptions;
import dev.convscope.contract.options.RunOptions;
import dev.convscope.contract.options.View;
import dev.convscope.gateway.config.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The run and drawing options the contract accepts, with their defaults and limits, so that a
 * client (the page among them) offers exactly these and keeps no copy of its own.
 */
@Path("/api/v1/options")
@Produces(MediaType.APPLICATION_JSON)
public class OptionsResource {

  /** Colours per swatch: enough for a smooth gradient, few enough to stay small. */
  static final int SWATCH_COLOURS = 16;

  /** The image types a run reads, as a request's Content-Type names them. */
  static final List<String> IMAGE_TYPES = List.of("image/png", "image/jpeg");

  @Inject GatewayConfig config;

  @GET
  @Operation(
      summary = "The options a run accepts",
      description =
          "Colormaps (each with a swatch of colours from low to high), views, the defaults"
              + " and limits of max_width and top_k, and the largest uploads accepted.")
  public OptionsView options() {
    return OptionsView.current(
        new Uploads(
            config.maxImageBytes(), IMAGE_TYPES, config.maxDatasetBytes(), config.maxModelBytes()));
  }

  /**
   * @param colormaps every colormap a picture can be drawn with
   * @param views the pictures a tensor can be drawn as
   * @param defaults what a request that leaves an option out gets
   * @param limits the accepted range of the numeric options
   * @param uploads what the gateway takes in one request, so a client refuses more before sending
   */
  public record OptionsView(
      List<ColormapView> colormaps,
      List<String> views,
      Defaults defaults,
      Limits limits,
      Uploads uploads) {

    static OptionsView current(Uploads uploads) {
      RenderOptions render = RenderOptions.defaults();
      return new OptionsView(
          Colormap.names().stream()
              .map(name -> new ColormapView(name, Colormap.named(name).swatch(SWATCH_COLOURS)))
              .toList(),
          Arrays.stream(View.values()).map(View::keyName).toList(),
          new Defaults(render.colormap().name(), render.maxWidth(), RunOptions.DEFAULT_TOP_K),
          new Limits(
              new Range(RenderOptions.MIN_MAX_WIDTH, RenderOptions.MAX_MAX_WIDTH),
              new Range(RunOptions.MIN_TOP_K, null)),
          uploads);
    }
  }

  /**
   * @param name as a request names it
   * @param swatch colours ({@code #rrggbb}) at evenly spaced values from 0 to 255
   */
  public record ColormapView(String name, List<String> swatch) {}

  /**
   * @param topK the default when the model has at least that many classes (otherwise every class)
   */
  public record Defaults(String colormap, int maxWidth, int topK) {}

  /**
   * @param topK its maximum is the model's class count, so none is given here
   */
  public record Limits(Range maxWidth, Range topK) {}

  /**
   * @param imageBytes the largest image a run takes
   * @param imageTypes the media types of the images a run reads
   * @param datasetBytes the largest data-set file ({@code POST /api/v1/datasets})
   * @param modelBytes the largest model file
   */
  public record Uploads(
      long imageBytes, List<String> imageTypes, long datasetBytes, long modelBytes) {}

  /**
   * @param max absent when only the model bounds it
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Range(int min, Integer max) {}
}
