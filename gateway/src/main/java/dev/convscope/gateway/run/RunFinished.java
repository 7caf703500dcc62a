package dev.convscope.gateway.run;

/**
 * The last event: everything is stored, the manifest last.
 *
 * @param manifestKey the manifest's key in the bucket
 * @param manifestUrl a URL that fetches the manifest for a while
 */
public record RunFinished(
    String runId, boolean fromManifest, String manifestKey, String manifestUrl)
    implements RunEvent {}
