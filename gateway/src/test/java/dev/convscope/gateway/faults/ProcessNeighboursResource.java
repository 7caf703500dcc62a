package dev.convscope.gateway.faults;

import dev.convscope.gateway.api.NeighbourServicesResource;

/**
 * The gateway's neighbours as processes a test can kill (SIGKILL) or stop (SIGTERM): two
 * visualization replicas behind the inference service's round-robin channel, and the inference
 * service itself ({@link NeighbourServicesResource#runningVisualization()} and {@link
 * NeighbourServicesResource#runningInference()}).
 */
public class ProcessNeighboursResource extends NeighbourServicesResource {

  @Override
  protected int visualizationReplicas() {
    return 2;
  }
}
