package dev.convscope.inference.api;

import dev.convscope.api.v1.LayerResult;
import dev.convscope.inference.run.DrawnWeights;
import jakarta.enterprise.context.ApplicationScoped;

/** The drawn weights this service keeps, as the visualization service answered them. */
@ApplicationScoped
public class WeightResults extends DrawnWeights<LayerResult> {}
