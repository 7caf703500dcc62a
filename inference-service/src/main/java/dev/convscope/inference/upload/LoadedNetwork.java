package dev.convscope.inference.upload;

import org.deeplearning4j.nn.graph.ComputationGraph;

/** A network read from a model file, as a graph, with the image it takes. */
record LoadedNetwork(ComputationGraph graph, ImageInput input) {}
