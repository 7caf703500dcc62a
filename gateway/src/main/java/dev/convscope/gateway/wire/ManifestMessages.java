package dev.convscope.gateway.wire;

import dev.convscope.contract.options.InvalidOptionException;
import dev.convscope.contract.options.WireOptions;
import dev.convscope.gateway.run.Predictions;
import dev.convscope.gateway.run.RunManifest;
import dev.convscope.gateway.run.RunStart;
import dev.convscope.gateway.run.Weights;
import java.util.Optional;

/**
 * A run's manifest as the contract's {@code RunManifest}: what {@code GetRun} answers, and (as
 * protobuf JSON) what the bucket keeps, so scripts read one format.
 */
public final class ManifestMessages {

  private ManifestMessages() {}

  public static dev.convscope.api.gateway.v1.RunManifest write(RunManifest manifest) {
    var request = OptionMessages.write(manifest.options()).setModel(manifest.model());
    manifest.imageKey().ifPresent(request::setImageKey);
    return dev.convscope.api.gateway.v1.RunManifest.newBuilder()
        .setRunId(manifest.runId())
        .setRun(RunMessages.write(manifest.run()))
        .setRequest(request)
        .setPredictions(RunMessages.write(manifest.predictions()))
        .addAllLayers(manifest.layers().stream().map(RunMessages::write).toList())
        .setCreatedAt(manifest.createdAt())
        .build();
  }

  /**
   * The manifest, or empty when it is not one this gateway could have written (options out of the
   * contract, no run): such a run is simply run again.
   */
  public static Optional<RunManifest> read(dev.convscope.api.gateway.v1.RunManifest manifest) {
    if (!manifest.hasRun()) {
      return Optional.empty();
    }
    var request = manifest.getRequest();
    RunStart run = RunMessages.read(manifest.getRun());
    try {
      return Optional.of(
          new RunManifest(
              manifest.getRunId(),
              run,
              request.getModel(),
              request.hasImageKey() ? Optional.of(request.getImageKey()) : Optional.empty(),
              WireOptions.run(request),
              predictions(manifest.getPredictions(), run),
              manifest.getLayersList().stream().map(RunMessages::read).toList(),
              manifest.getCreatedAt()));
    } catch (InvalidOptionException e) {
      return Optional.empty();
    }
  }

  /**
   * The stored predictions; those of a manifest written before predictions said whether their
   * weights were trained take it from the run's start, which always said.
   */
  private static Predictions predictions(dev.convscope.api.v1.Predictions stored, RunStart run) {
    Predictions predictions = RunMessages.read(stored);
    if (predictions.weights() != Weights.UNSPECIFIED) {
      return predictions;
    }
    return new Predictions(
        predictions.ranked(), run.pretrained() ? Weights.TRAINED : Weights.UNTRAINED);
  }
}
