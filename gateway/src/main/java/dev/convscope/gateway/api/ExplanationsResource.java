package dev.convscope.gateway.api;

import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.explain.Attribution;
import dev.convscope.gateway.explain.Explanation;
import dev.convscope.gateway.explain.ExplanationRequest;
import dev.convscope.gateway.inference.InferenceClient;
import dev.convscope.gateway.run.PictureUrls;
import dev.convscope.gateway.run.Prediction;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Why a model gave an image its classes: attribution maps for the top classes (or one named), each
 * drawn alone and over the image as the network saw it, answered with URLs to both pictures and the
 * map's figures.
 */
@Path("/api/v1/explanations")
public class ExplanationsResource {

  @Inject InferenceClient inference;

  @Inject PictureUrls urls;

  @Inject GatewayConfig config;

  /** Explains an uploaded image (the request body); the options are query parameters. */
  @POST
  @Consumes({"image/png", "image/jpeg"})
  @Produces(MediaType.APPLICATION_JSON)
  public ExplanationView explain(
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
      @QueryParam("model") String model,
      @QueryParam("class") Integer classIndex,
      @QueryParam("top_k") Integer topK,
      @QueryParam("method") String methods,
      @QueryParam("layer") String layer,
      @QueryParam("samples") Integer samples,
      @QueryParam("steps") Integer steps,
      @QueryParam("colormap") String colormap,
      InputStream body) {
    byte[] image = ImageBody.read(contentLength, body, config.maxImageBytes());
    ExplanationRequest request =
        new ExplanationRequest(
            model == null || model.isBlank() ? config.defaultModel() : model.strip(),
            image,
            classIndex == null ? OptionalInt.empty() : OptionalInt.of(classIndex),
            topK == null ? 0 : topK,
            methods == null || methods.isBlank()
                ? List.of()
                : Arrays.stream(methods.split(",")).map(String::strip).toList(),
            layer == null ? "" : layer.strip(),
            samples == null ? 0 : samples,
            steps == null ? 0 : steps,
            colormap == null ? "" : colormap.strip().toLowerCase(Locale.ROOT));
    return view(inference.explain(request));
  }

  private ExplanationView view(Explanation explanation) {
    return new ExplanationView(
        explanation.model(),
        explanation.modelDigest(),
        explanation.imageDigest(),
        explanation.weights().name().toLowerCase(Locale.ROOT),
        explanation.predictions(),
        explanation.attributions().stream().map(this::view).toList());
  }

  private AttributionView view(Attribution a) {
    return new AttributionView(
        a.classIndex(),
        a.label(),
        a.method(),
        a.layer().isEmpty() ? null : a.layer(),
        a.score(),
        a.width(),
        a.height(),
        new MapFigures(a.min(), a.max(), a.mean()),
        urls.urlOf(a.pictureKey()),
        urls.urlOf(a.overlayKey()),
        a.pictureKey(),
        a.overlayKey());
  }

  /** The answer: the predictions, then one entry per class and method. */
  public record ExplanationView(
      String model,
      String modelDigest,
      String imageDigest,
      String weights,
      List<Prediction> predictions,
      List<AttributionView> attributions) {}

  /** One map: its figures and both pictures' URLs (and keys). */
  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  public record AttributionView(
      int classIndex,
      String label,
      String method,
      String layer,
      float score,
      int width,
      int height,
      MapFigures statistics,
      String pictureUrl,
      String overlayUrl,
      String pictureKey,
      String overlayKey) {}

  /** The map's smallest, largest and mean value. */
  public record MapFigures(float min, float max, float mean) {}
}
