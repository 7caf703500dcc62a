package dev.convscope.gateway.faults;

import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.localstore.ServiceProcess;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gateway's neighbours as processes a test can kill (SIGKILL) or stop (SIGTERM): two
 * visualization replicas behind the inference service's round-robin channel, and the inference
 * service itself.
 */
public class ProcessNeighboursResource extends NeighbourServicesResource {

  /** The visualization replicas. */
  static final List<ServiceProcess> VISUALIZATION = new CopyOnWriteArrayList<>();

  /** The inference service; one element while it is up. */
  static final List<ServiceProcess> INFERENCE = new CopyOnWriteArrayList<>();

  @Override
  protected int visualizationReplicas() {
    return 2;
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> settings = super.start();
    VISUALIZATION.clear();
    VISUALIZATION.addAll(visualization);
    INFERENCE.clear();
    INFERENCE.add(inference);
    return settings;
  }

  @Override
  public void stop() {
    super.stop();
    VISUALIZATION.clear();
    INFERENCE.clear();
  }

  static ServiceProcess inference() {
    return INFERENCE.get(0);
  }
}
