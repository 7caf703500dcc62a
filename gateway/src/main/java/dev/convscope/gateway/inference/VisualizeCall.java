package dev.convscope.gateway.inference;

import dev.convscope.api.v1.VisualizeResponse;
import dev.convscope.gateway.run.InferenceEvent;
import dev.convscope.gateway.run.InferenceRun;
import dev.convscope.gateway.wire.RunMessages;
import io.grpc.Context;
import java.util.Iterator;

/** A run under way on the inference service. */
final class VisualizeCall extends StreamedCall<VisualizeResponse, InferenceEvent>
    implements InferenceRun {

  VisualizeCall(Iterator<VisualizeResponse> events, Context.CancellableContext call) {
    super(events, call, RunMessages::read, InferenceFailures::ofRun);
  }
}
