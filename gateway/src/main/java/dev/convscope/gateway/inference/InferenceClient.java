package dev.convscope.gateway.inference;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.DeleteModelRequest;
import dev.convscope.api.v1.DescribeModelRequest;
import dev.convscope.api.v1.InferenceServiceGrpc;
import dev.convscope.api.v1.ListModelsRequest;
import dev.convscope.api.v1.VisualizeRequest;
import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.api.v1.WatchExplainRequest;
import dev.convscope.api.v1.WatchExplainResponse;
import dev.convscope.contract.options.RunOptions;
import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.explain.Explanation;
import dev.convscope.gateway.explain.ExplanationEvents;
import dev.convscope.gateway.explain.ExplanationRequest;
import dev.convscope.gateway.model.ModelSummary;
import dev.convscope.gateway.run.Inference;
import dev.convscope.gateway.run.InferenceRun;
import dev.convscope.gateway.wire.ExplainMessages;
import dev.convscope.gateway.wire.ModelMessages;
import dev.convscope.gateway.wire.OptionMessages;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The inference service as the gateway calls it: models listed and described, runs started. Every
 * call has the run timeout as its deadline, and fails with a gateway failure (translated once, by
 * {@link InferenceFailures}), never with a gRPC status.
 */
@ApplicationScoped
public class InferenceClient implements Inference {

  @GrpcClient("inference")
  InferenceServiceGrpc.InferenceServiceBlockingStub inference;

  @Inject GatewayConfig config;

  InferenceClient() {
    // For CDI, which injects the fields.
  }

  private InferenceClient(
      InferenceServiceGrpc.InferenceServiceBlockingStub inference, GatewayConfig config) {
    this.inference = inference;
    this.config = config;
  }

  /** A client outside the application, for a shard run by its own command. */
  public static InferenceClient standalone(
      InferenceServiceGrpc.InferenceServiceBlockingStub inference, GatewayConfig config) {
    return new InferenceClient(inference, config);
  }

  /** Every model the service can run. */
  public List<ModelSummary> list() {
    try {
      return stub().listModels(ListModelsRequest.getDefaultInstance()).getModelsList().stream()
          .map(ModelMessages::read)
          .toList();
    } catch (StatusRuntimeException e) {
      throw InferenceFailures.of(e);
    }
  }

  /** Removes an uploaded model; answers the name it had. */
  public String delete(String model) {
    try {
      return stub().deleteModel(DeleteModelRequest.newBuilder().setModel(model).build()).getModel();
    } catch (StatusRuntimeException e) {
      throw InferenceFailures.of(e);
    }
  }

  @Override
  public ModelSummary describe(String model) {
    try {
      return ModelMessages.read(
          stub()
              .describeModel(DescribeModelRequest.newBuilder().setModel(model).build())
              .getSummary());
    } catch (StatusRuntimeException e) {
      throw InferenceFailures.of(e);
    }
  }

  @Override
  public InferenceRun start(String model, byte[] image, RunOptions options) {
    Context.CancellableContext call = Context.current().withCancellation();
    // The call belongs to this context, so closing the run cancels it on the inference service.
    Context previous = call.attach();
    try {
      Iterator<VisualizeResponse> events =
          stub().visualize(visualizeRequest(model, image, options));
      return new VisualizeCall(events, call);
    } catch (StatusRuntimeException e) {
      call.cancel(e);
      throw InferenceFailures.of(e);
    } finally {
      call.detach(previous);
    }
  }

  /** Why the model gave the image its classes; the pictures are stored by the service. */
  public Explanation explain(ExplanationRequest request) {
    try {
      return ExplainMessages.read(stub().explain(ExplainMessages.write(request)));
    } catch (StatusRuntimeException e) {
      throw InferenceFailures.of(e);
    }
  }

  /** As {@link #explain(ExplanationRequest)}, told as it goes: progress, then the explanation. */
  public ExplanationEvents watch(ExplanationRequest request) {
    Context.CancellableContext call = Context.current().withCancellation();
    // The call belongs to this context, so closing the events cancels it on the inference service.
    Context previous = call.attach();
    try {
      Iterator<WatchExplainResponse> events =
          stub()
              .watchExplain(
                  WatchExplainRequest.newBuilder()
                      .setRequest(ExplainMessages.write(request))
                      .build());
      return new WatchExplainCall(events, call);
    } catch (StatusRuntimeException e) {
      call.cancel(e);
      throw InferenceFailures.of(e);
    } finally {
      call.detach(previous);
    }
  }

  private InferenceServiceGrpc.InferenceServiceBlockingStub stub() {
    return inference.withDeadlineAfter(config.runTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private static VisualizeRequest visualizeRequest(String model, byte[] image, RunOptions options) {
    return VisualizeRequest.newBuilder()
        .setModel(model)
        .setImage(ByteString.copyFrom(image))
        .setTopK(options.topK().orElse(0))
        .setOptions(OptionMessages.write(options.render()))
        .addAllLayers(options.layers())
        .setSkipWeights(options.skipWeights())
        .setExportNpy(options.exportNpy())
        .build();
  }
}
