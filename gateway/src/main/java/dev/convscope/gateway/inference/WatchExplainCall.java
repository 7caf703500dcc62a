package dev.convscope.gateway.inference;

import dev.convscope.api.v1.WatchExplainResponse;
import dev.convscope.gateway.explain.ExplanationEvent;
import dev.convscope.gateway.explain.ExplanationEvents;
import dev.convscope.gateway.wire.ExplainMessages;
import io.grpc.Context;
import java.util.Iterator;

/** An explanation under way on the inference service: its progress, then itself. */
final class WatchExplainCall extends StreamedCall<WatchExplainResponse, ExplanationEvent>
    implements ExplanationEvents {

  WatchExplainCall(Iterator<WatchExplainResponse> events, Context.CancellableContext call) {
    super(events, call, ExplainMessages::read, InferenceFailures::of);
  }
}
