package dev.convscope.gateway.run;

import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.config.PictureDelivery;
import dev.convscope.gateway.store.Bucket;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Gives stored objects URLs a client can fetch while the bucket stays private: the gateway's own
 * path for them (relative, or on its configured public address), or a URL presigned for the store.
 */
@ApplicationScoped
public class PictureUrls {

  /** Where the gateway serves stored pictures and manifests, followed by the object's key. */
  public static final String PATH = "/api/v1/pictures/";

  private final Bucket store;
  private final GatewayConfig config;

  PictureUrls(Bucket store, GatewayConfig config) {
    this.store = store;
    this.config = config;
  }

  /** The layer with a fresh URL on each of its pictures. */
  public DrawnLayer withUrls(DrawnLayer layer) {
    return layer.withUrls(this::urlOf);
  }

  /** A URL that fetches the object under {@code key}. */
  public String urlOf(String key) {
    if (config.pictures() == PictureDelivery.PRESIGNED) {
      return store.presignedGetUrl(key, config.urlExpiry());
    }
    String origin = config.publicUrl().map(url -> url.toString().replaceAll("/+$", "")).orElse("");
    return origin + PATH + key;
  }
}
