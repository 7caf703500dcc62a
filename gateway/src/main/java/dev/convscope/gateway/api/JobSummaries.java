package dev.convscope.gateway.api;

import dev.convscope.gateway.batch.JobAggregate;
import dev.convscope.gateway.batch.JobAggregate.LayerTally;
import dev.convscope.gateway.batch.JobAggregate.TopEntry;
import dev.convscope.gateway.batch.JobService;
import dev.convscope.gateway.batch.JobSpec;
import dev.convscope.gateway.run.DrawnLayer;
import dev.convscope.gateway.run.Manifests;
import dev.convscope.gateway.run.PictureKind;
import dev.convscope.gateway.run.PictureUrls;
import dev.convscope.gateway.run.RunManifest;
import dev.convscope.gateway.run.TensorKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a job's merged tallies into the summary clients read, with picture URLs. */
@ApplicationScoped
public class JobSummaries {

  @Inject JobService jobs;

  @Inject Manifests manifests;

  @Inject PictureUrls urls;

  JobSummaryView view(String jobId) {
    JobSpec spec = jobs.spec(jobId);
    String state = jobs.status(jobId).state();
    JobAggregate tally = jobs.summary(jobId);
    List<String> labels = spec.classLabels();
    Map<String, Optional<RunManifest>> runs = new HashMap<>();
    List<JobSummaryView.LayerView> layers = new ArrayList<>();
    tally.layers.forEach((name, layer) -> layers.add(layer(name, layer, labels.size(), runs)));
    int labelled = 0;
    for (long[] row : tally.confusion) {
      for (long count : row) {
        labelled += (int) count;
      }
    }
    return new JobSummaryView(
        jobId,
        state,
        tally.items,
        tally.failed,
        labels,
        labelled == 0 ? null : (double) tally.correct / labelled,
        tally.confusion,
        spec.maxWidth(),
        layers);
  }

  private JobSummaryView.LayerView layer(
      String name, LayerTally tally, int classes, Map<String, Optional<RunManifest>> runs) {
    List<JobSummaryView.ChannelView> channels = new ArrayList<>();
    List<Long> shape = null;
    for (int c = 0; c < tally.top.size(); c++) {
      double[] means = new double[classes];
      for (int k = 0; k < classes; k++) {
        means[k] = tally.classCounts[k] == 0 ? 0 : tally.classMeanSums[k][c] / tally.classCounts[k];
      }
      List<JobSummaryView.TopImage> top = new ArrayList<>();
      for (TopEntry entry : tally.top.get(c)) {
        Optional<RunManifest> run =
            runs.computeIfAbsent(
                entry.runId(), id -> id == null ? Optional.empty() : manifests.find(id));
        if (shape == null) {
          shape = run.flatMap(m -> activationOf(m, name)).map(DrawnLayer::shape).orElse(null);
        }
        top.add(
            new JobSummaryView.TopImage(
                entry.item(),
                entry.value(),
                entry.runId(),
                run.flatMap(m -> tilesOf(m, "data")).orElse(null),
                run.flatMap(m -> tilesOf(m, name)).orElse(null)));
      }
      channels.add(new JobSummaryView.ChannelView(c, means, top));
    }
    return new JobSummaryView.LayerView(
        name, shape, channels, tally.neverFired(), tally.constant());
  }

  /** A URL of the layer's activation tiles in a run, when it has them. */
  private Optional<String> tilesOf(RunManifest run, String layer) {
    return activationOf(run, layer)
        .flatMap(
            result ->
                result.pictures().stream().filter(p -> p.kind() == PictureKind.TILES).findFirst())
        .map(p -> urls.urlOf(p.key()));
  }

  private static Optional<DrawnLayer> activationOf(RunManifest run, String layer) {
    return run.layers().stream()
        .filter(r -> r.name().equals(layer) && r.kind() == TensorKind.ACTIVATION)
        .findFirst();
  }
}
