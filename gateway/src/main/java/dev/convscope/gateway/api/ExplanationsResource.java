package dev.convscope.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.explain.Attribution;
import dev.convscope.gateway.explain.Explanation;
import dev.convscope.gateway.explain.ExplanationEvent;
import dev.convscope.gateway.explain.ExplanationEvents;
import dev.convscope.gateway.explain.ExplanationProgress;
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
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.jboss.resteasy.reactive.server.spi.ServerHttpResponse;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

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

  @Inject ObjectMapper json;

  @Inject ServerRequestContext exchange;

  /**
   * Explains an uploaded image (the request body); the options are query parameters. Asked for
   * NDJSON or Server-Sent Events, it tells each gradient pass as it ends, then the explanation.
   */
  @POST
  @Consumes({"image/png", "image/jpeg"})
  @Produces({MediaType.APPLICATION_JSON, EventStream.NDJSON, MediaType.SERVER_SENT_EVENTS})
  public Response explain(
      @HeaderParam(HttpHeaders.ACCEPT) String accept,
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
    String streamType = EventStream.typeOf(accept);
    if (streamType == null) {
      return Response.ok(view(inference.explain(request)), MediaType.APPLICATION_JSON).build();
    }
    ExplanationEvents events = inference.watch(request);
    try {
      // Every check runs before the first pass: a refused request is answered with its status.
      events.hasNext();
    } catch (RuntimeException e) {
      events.close();
      throw e;
    }
    ServerHttpResponse connection = exchange.serverResponse();
    return EventStream.response(
        out -> send(events, new EventStream(json, out, streamType), connection), streamType);
  }

  /**
   * Tells each pass, then the explanation; a failure after the start becomes an error event. A
   * client that has gone away stops the explanation on the inference service.
   */
  private void send(ExplanationEvents events, EventStream stream, ServerHttpResponse connection)
      throws IOException {
    try (events) {
      while (events.hasNext()) {
        if (connection.closed()) {
          return;
        }
        ExplanationEvent event = events.next();
        if (event instanceof ExplanationProgress progress) {
          stream.write(
              "progress",
              new ExplanationEventView.Progress(
                  "progress", progress.passesDone(), progress.passesTotal()));
        } else {
          stream.write(
              "explanation",
              new ExplanationEventView.Explained("explanation", view((Explanation) event)));
        }
      }
    } catch (RuntimeException e) {
      stream.write("error", new ExplanationEventView.Failed("error", ProblemMapper.describe(e)));
    }
  }

  private ExplanationView view(Explanation explanation) {
    return new ExplanationView(
        explanation.model(),
        explanation.modelDigest(),
        explanation.imageDigest(),
        explanation.weights().name().toLowerCase(Locale.ROOT),
        explanation.predictions(),
        explanation.attributions().stream().map(this::view).toList(),
        explanation.fromManifest(),
        urls.urlOf(explanation.manifestKey()));
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
        urls.urlOf(a.mapKey()),
        a.pictureKey(),
        a.overlayKey(),
        a.mapKey());
  }

  /**
   * The answer: the predictions, then one entry per class and method.
   *
   * @param fromManifest answered from the stored explanation, without a gradient pass
   * @param manifestUrl the stored explanation (JSON)
   */
  public record ExplanationView(
      String model,
      String modelDigest,
      String imageDigest,
      String weights,
      List<Prediction> predictions,
      List<AttributionView> attributions,
      boolean fromManifest,
      String manifestUrl) {}

  /** One map: its figures, both pictures' URLs and the raw map's (.npy), with their keys. */
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
      String mapUrl,
      String pictureKey,
      String overlayKey,
      String mapKey) {}

  /** The map's smallest, largest and mean value. */
  public record MapFigures(float min, float max, float mean) {}
}
