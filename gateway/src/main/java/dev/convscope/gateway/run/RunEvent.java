package dev.convscope.gateway.run;

/**
 * What the gateway tells of a run, in this order: it opened, its predictions, every drawn layer
 * (pictures with URLs), and that it finished with its manifest stored.
 */
public sealed interface RunEvent permits RunOpened, Predictions, DrawnLayer, RunFinished {}
