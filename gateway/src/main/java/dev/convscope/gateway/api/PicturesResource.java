package dev.convscope.gateway.api;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.gateway.failure.NotFound;
import dev.convscope.gateway.run.PictureUrls;
import dev.convscope.gateway.store.Bucket;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The pictures and manifests of runs, read from the private bucket and sent on, so their URLs work
 * wherever the gateway does. Only what a run stored is served ({@code runs/} and the models' weight
 * pictures under {@code models/}) and attribution pictures and raw maps ({@code attributions/},
 * keyed by all they were made from), never the rest of the bucket. Keys are content addressed, so a
 * picture or map never changes: it may be cached for good, and a repeat request that names its tag
 * is answered 304 without reading the store.
 */
@Path(PictureUrls.PATH + "{key: .+}")
public class PicturesResource {

  private static final List<String> SERVED =
      List.of("runs/", "models/", "manifests/", "attributions/");
  private static final String FOREVER = "public, max-age=31536000, immutable";

  @Inject Bucket store;

  @GET
  public Response picture(
      @PathParam("key") String key, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    String type = typeOf(key);
    if (type == null) {
      throw new NotFound("there is no picture '" + key + "'");
    }
    boolean immutable = !type.equals(MediaType.APPLICATION_JSON);
    EntityTag tag = new EntityTag(Sha256.hex(key.getBytes(StandardCharsets.UTF_8)));
    if (immutable && ifNoneMatch != null && ifNoneMatch.contains(tag.getValue())) {
      return Response.notModified(tag).header(HttpHeaders.CACHE_CONTROL, FOREVER).build();
    }
    byte[] object =
        store.read(key).orElseThrow(() -> new NotFound("there is no picture '" + key + "'"));
    if (!immutable) { // a manifest: written once, but read as the store has it now
      return Response.ok(object, type).header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }
    return Response.ok(object, type).tag(tag).header(HttpHeaders.CACHE_CONTROL, FOREVER).build();
  }

  /** What the key holds, or null for a key that is not served. */
  private static String typeOf(String key) {
    boolean served =
        SERVED.stream().anyMatch(key::startsWith)
            && !key.contains("..")
            && !key.contains("//")
            && !(key.startsWith("models/") && !key.contains("/weights/"));
    if (!served) {
      return null;
    }
    if (key.endsWith(".png")) {
      return "image/png";
    }
    if (key.endsWith(".json")) {
      return MediaType.APPLICATION_JSON;
    }
    // Raw values (a run's tensors, attribution maps): numpy's format has no registered media type.
    return key.endsWith(".npy") ? MediaType.APPLICATION_OCTET_STREAM : null;
  }
}
