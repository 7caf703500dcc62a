package dev.convscope.gateway.run;

import dev.convscope.gateway.model.ModelSummary;
import java.util.Optional;

/**
 * The first event: the run's id and what runs.
 *
 * @param fromManifest whether the run is told from a stored manifest instead of run anew
 * @param modelSummary the model's summary; empty when a run is told again by its id alone
 */
public record RunOpened(
    String runId, RunStart run, boolean fromManifest, Optional<ModelSummary> modelSummary)
    implements RunEvent {}
