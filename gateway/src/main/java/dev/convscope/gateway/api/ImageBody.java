package dev.convscope.gateway.api;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/**
 * An image sent as a request's body, read whole up to the gateway's limit: a body announced or
 * found larger is refused (413) before more of it is read.
 */
final class ImageBody {

  private ImageBody() {}

  static byte[] read(Long contentLength, InputStream body, long limit) {
    if (contentLength != null && contentLength > limit) {
      throw tooLarge(contentLength + " bytes", limit);
    }
    try {
      byte[] image = body.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE));
      if (image.length > limit) {
        throw tooLarge("more than " + limit + " bytes", limit);
      }
      if (image.length == 0) {
        throw new BadRequestException("the request body must hold the image");
      }
      return image;
    } catch (IOException e) {
      throw new BadRequestException("the image could not be read: " + e.getMessage(), e);
    }
  }

  private static WebApplicationException tooLarge(String size, long limit) {
    return new WebApplicationException(
        "the image has "
            + size
            + "; the limit is "
            + limit
            + " bytes (convscope.gateway.max-image-bytes)",
        Response.Status.REQUEST_ENTITY_TOO_LARGE);
  }
}
