package dev.convscope.gateway.batch;

import dev.convscope.gateway.api.NeighbourServicesResource;

/**
 * The gateway's neighbours with two visualization services, the inference service balancing its
 * calls over both: the smallest set-up in which a replica can die mid-job. The test reaches them
 * through {@link NeighbourServicesResource#runningVisualization()}.
 */
public class TwoVisualizationReplicasResource extends NeighbourServicesResource {

  @Override
  protected int visualizationReplicas() {
    return 2;
  }
}
