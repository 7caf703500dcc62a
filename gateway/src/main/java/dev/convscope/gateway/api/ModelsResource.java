package dev.convscope.gateway.api;

import dev.convscope.api.v1.DescribeModelRequest;
import dev.convscope.api.v1.InferenceServiceGrpc;
import dev.convscope.api.v1.ListModelsRequest;
import io.quarkus.grpc.GrpcClient;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The models the inference service can run. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

  @GrpcClient("inference")
  InferenceServiceGrpc.InferenceServiceBlockingStub inference;

  @GET
  public List<ModelEntry> list() {
    return inference.listModels(ListModelsRequest.getDefaultInstance()).getModelsList().stream()
        .map(ModelEntry::from)
        .toList();
  }

  @GET
  @Path("/{name}")
  public ModelDetails describe(@PathParam("name") String name) {
    return ModelDetails.from(
        inference
            .describeModel(DescribeModelRequest.newBuilder().setModel(name).build())
            .getSummary());
  }
}
