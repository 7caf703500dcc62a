package dev.convscope.gateway.run;

/**
 * One stored picture of a tensor.
 *
 * @param key the object's key in the bucket
 * @param reused whether an earlier run had already stored the same picture
 * @param url a URL that fetches it for a while; empty where it is kept (URLs expire)
 */
public record Picture(
    PictureKind kind,
    String key,
    int width,
    int height,
    long sizeBytes,
    boolean reused,
    String url) {

  /** The same picture reached through {@code url}. */
  public Picture withUrl(String url) {
    return new Picture(kind, key, width, height, sizeBytes, reused, url);
  }
}
