package dev.convscope.gateway.batch;

import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.localstore.ServiceProcess;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gateway's neighbours with two visualization services, the inference service balancing its
 * calls over both: the smallest set-up in which a replica can die mid-job.
 */
public class TwoVisualizationReplicasResource extends NeighbourServicesResource {

  /** The visualization replicas, for the test to kill one. */
  static final List<ServiceProcess> VISUALIZATION = new CopyOnWriteArrayList<>();

  @Override
  protected int visualizationReplicas() {
    return 2;
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> settings = super.start();
    VISUALIZATION.clear();
    VISUALIZATION.addAll(visualization);
    return settings;
  }

  @Override
  public void stop() {
    super.stop();
    VISUALIZATION.clear();
  }
}
