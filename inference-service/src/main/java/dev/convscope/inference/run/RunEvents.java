package dev.convscope.inference.run;

import java.util.List;

/**
 * Where a run's results go, in this order: the start, the predictions, then one result per layer in
 * network order (activations, then weights). Calls may come from several threads, never at once.
 *
 * @param <R> a drawn layer, as the drawing side answers it
 */
public interface RunEvents<R> {

  void started(RunStart start);

  /**
   * @param pretrained whether the weights that made them were trained; seeded ones make predictions
   *     that say nothing about the image
   */
  void predictions(List<Prediction> predictions, boolean pretrained);

  /**
   * @param reused the result was drawn by an earlier run (weights, which do not change)
   */
  void layer(R result, boolean reused);

  /** Whether nobody reads the results any more. */
  boolean callerLeft();

  /** Runs {@code action} once the caller goes away (or the results end), at once if it has. */
  void whenCallerLeaves(Runnable action);
}
