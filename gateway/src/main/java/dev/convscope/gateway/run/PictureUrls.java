package dev.convscope.gateway.run;

import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.store.Bucket;
import jakarta.enterprise.context.ApplicationScoped;

/** Gives stored objects URLs that work for a while, so the bucket itself stays private. */
@ApplicationScoped
public class PictureUrls {

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

  /** A URL that fetches the object under {@code key} until the configured expiry. */
  public String urlOf(String key) {
    return store.presignedGetUrl(key, config.urlExpiry());
  }
}
