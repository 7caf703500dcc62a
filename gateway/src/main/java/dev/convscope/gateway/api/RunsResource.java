package dev.convscope.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convscope.contract.options.RunOptions;
import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.run.DrawnLayer;
import dev.convscope.gateway.run.ImageRunRequest;
import dev.convscope.gateway.run.ImageSource;
import dev.convscope.gateway.run.RunEvent;
import dev.convscope.gateway.run.RunEvents;
import dev.convscope.gateway.run.Runner;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.resteasy.reactive.server.spi.ServerHttpResponse;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Runs an image through a model and answers with what every layer saw: as one JSON document, or
 * (asked for with the Accept header) streamed as NDJSON lines or Server-Sent Events, one per layer
 * as soon as it is stored.
 */
@Path("/api/v1/runs")
public class RunsResource {

  @Inject Runner runner;

  @Inject GatewayConfig config;

  @Inject ObjectMapper json;

  @Inject ServerRequestContext exchange;

  /** Runs an uploaded image (the request body); the options are query parameters. */
  @POST
  @Consumes({"image/png", "image/jpeg"})
  @Produces({MediaType.APPLICATION_JSON, EventStream.NDJSON, MediaType.SERVER_SENT_EVENTS})
  public Response runImage(
      @HeaderParam(HttpHeaders.ACCEPT) String accept,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
      @QueryParam("model") String model,
      @QueryParam("top_k") Integer topK,
      @QueryParam("colormap") String colormap,
      @QueryParam("max_width") Integer maxWidth,
      @QueryParam("normalize") Boolean normalize,
      @QueryParam("layers") String layers,
      @QueryParam("channels") String channels,
      @QueryParam("first_channels") Integer firstChannels,
      @QueryParam("skip_weights") Boolean skipWeights,
      @QueryParam("npy") Boolean npy,
      InputStream body) {
    // The options are read first: a bad one is answered before the image is.
    RunOptions options =
        RunParameters.options(
            topK,
            colormap,
            maxWidth,
            normalize,
            RunParameters.names(layers),
            RunParameters.indices(channels),
            firstChannels,
            skipWeights,
            npy);
    ImageSource image =
        new ImageSource.Sent(ImageBody.read(contentLength, body, config.maxImageBytes()));
    return answer(accept, RunParameters.request(model, image, options));
  }

  /** Runs an image already in the bucket, named with its options in a JSON body. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, EventStream.NDJSON, MediaType.SERVER_SENT_EVENTS})
  public Response runStored(@HeaderParam(HttpHeaders.ACCEPT) String accept, RunSpec spec) {
    if (spec == null || spec.imageKey() == null || spec.imageKey().isBlank()) {
      throw new BadRequestException("the JSON body must name the image with 'image_key'");
    }
    RunOptions options =
        RunParameters.options(
            spec.topK(),
            spec.colormap(),
            spec.maxWidth(),
            spec.normalize(),
            spec.layers(),
            spec.channels(),
            spec.firstChannels(),
            spec.skipWeights(),
            spec.npy());
    return answer(
        accept,
        RunParameters.request(spec.model(), new ImageSource.Stored(spec.imageKey()), options));
  }

  /** A finished run, told again from its manifest. */
  @GET
  @Path("/{run_id}")
  @Produces(MediaType.APPLICATION_JSON)
  public RunResult get(@PathParam("run_id") String runId) {
    try (RunEvents events = runner.replay(runId)) {
      return RunViews.collect(events);
    }
  }

  private Response answer(String accept, ImageRunRequest request) {
    RunEvents events = runner.open(request);
    String streamType = EventStream.typeOf(accept);
    if (streamType == null) {
      try (events) {
        return Response.ok(RunViews.collect(events), MediaType.APPLICATION_JSON).build();
      }
    }
    ServerHttpResponse connection = exchange.serverResponse();
    return EventStream.response(
        out -> send(events, new EventStream(json, out, streamType), connection), streamType);
  }

  /**
   * Writes each event as it comes; a failure after the start becomes an error event. A client that
   * has gone away ends the run (closing it cancels the call on the inference service, which then
   * stops): writes to a closed connection do not fail here, so it is asked.
   */
  private static void send(RunEvents events, EventStream stream, ServerHttpResponse connection)
      throws IOException {
    try (events) {
      int layerIndex = 0;
      while (events.hasNext()) {
        if (connection.closed()) {
          return;
        }
        RunEvent event = events.next();
        RunEventView view = RunViews.event(event, layerIndex);
        stream.write(view.type(), view);
        if (event instanceof DrawnLayer) {
          layerIndex++;
        }
      }
    } catch (RuntimeException e) {
      stream.write("error", new RunEventView.Failed("error", ProblemMapper.describe(e)));
    }
  }
}
