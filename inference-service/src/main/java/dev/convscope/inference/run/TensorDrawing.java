package dev.convscope.inference.run;

import dev.convscope.models.CapturedTensor;

/**
 * One session with whatever draws a run's tensors: tensors go in as they are captured, results come
 * back in the same order through the {@link Drawn} given when the session was opened.
 *
 * @param <R> a drawn layer, as the drawing side answers it
 */
public interface TensorDrawing<R> {

  /** Opens a session for one run. */
  interface Opener<R> {
    TensorDrawing<R> open(Drawn<R> onDrawn);
  }

  /** Receives each tensor's result, in the order the tensors were sent. */
  interface Drawn<R> {
    void drawn(R result, boolean weights);
  }

  /**
   * Sends one tensor; waits while the drawing side is busy.
   *
   * @param imageDigest the image the tensor was computed from; empty for weights
   */
  void send(CapturedTensor tensor, String imageDigest);

  /** Waits until every result has arrived. */
  void finish(long timeoutSeconds);

  /** Abandons the session. */
  void cancel(String why);
}
