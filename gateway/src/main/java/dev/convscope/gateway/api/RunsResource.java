package dev.convscope.gateway.api;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.InferenceServiceGrpc;
import dev.convscope.api.v1.RenderOptions;
import dev.convscope.api.v1.VisualizeRequest;
import io.quarkus.grpc.GrpcClient;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** Runs an image through a model and answers with what every layer saw. */
@Path("/api/v1/runs")
public class RunsResource {

  @GrpcClient("inference")
  InferenceServiceGrpc.InferenceServiceBlockingStub inference;

  @Inject RunAssembler assembler;

  @Inject GatewayConfig config;

  @POST
  @Consumes({"image/png", "image/jpeg"})
  @Produces(MediaType.APPLICATION_JSON)
  public RunResult run(
      @QueryParam("model") String model,
      @QueryParam("top_k") @DefaultValue("5") int topK,
      @QueryParam("colormap") @DefaultValue("jet") String colormap,
      @QueryParam("max_width") @DefaultValue("600") int maxWidth,
      @QueryParam("layers") String layers,
      @QueryParam("skip_weights") @DefaultValue("false") boolean skipWeights,
      byte[] image) {
    if (model == null || model.isBlank()) {
      throw new BadRequestException("the query parameter 'model' is required");
    }
    if (image == null || image.length == 0) {
      throw new BadRequestException("the request body must hold the image");
    }
    VisualizeRequest.Builder request =
        VisualizeRequest.newBuilder()
            .setModel(model)
            .setImage(ByteString.copyFrom(image))
            .setTopK(topK)
            .setOptions(RenderOptions.newBuilder().setColormap(colormap).setMaxWidth(maxWidth))
            .setSkipWeights(skipWeights);
    if (layers != null) {
      Arrays.stream(layers.split(","))
          .map(String::trim)
          .filter(name -> !name.isEmpty())
          .forEach(request::addLayers);
    }
    return assembler.assemble(
        inference
            .withDeadlineAfter(config.runTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .visualize(request.build()));
  }
}
