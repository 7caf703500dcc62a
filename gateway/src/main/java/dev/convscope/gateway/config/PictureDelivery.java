package dev.convscope.gateway.config;

/**
 * How a picture URL in an answer reaches the bucket ({@code convscope.gateway.pictures}): through
 * the gateway, which streams the object from the store (so a picture works wherever the page or the
 * API does, behind an ingress or from another machine), or presigned for the store's own address,
 * which the client must then be able to reach. The bucket stays private either way.
 */
public enum PictureDelivery {
  GATEWAY,
  PRESIGNED
}
