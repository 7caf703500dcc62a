package dev.convscope.gateway.run;

import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.Picture;
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
  public LayerResult withUrls(LayerResult layer) {
    LayerResult.Builder linked = layer.toBuilder();
    for (Picture.Builder picture : linked.getPicturesBuilderList()) {
      picture.setUrl(urlOf(picture.getKey()));
    }
    return linked.build();
  }

  /** The layer as it is kept in a manifest: keys, no URLs (they expire). */
  public static LayerResult withoutUrls(LayerResult layer) {
    LayerResult.Builder bare = layer.toBuilder();
    bare.getPicturesBuilderList().forEach(Picture.Builder::clearUrl);
    return bare.build();
  }

  /** A URL that fetches the object under {@code key} until the configured expiry. */
  public String urlOf(String key) {
    return store.presignedGetUrl(key, config.urlExpiry());
  }
}
