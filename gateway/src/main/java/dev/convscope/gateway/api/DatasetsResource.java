package dev.convscope.gateway.api;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.gateway.store.Bucket;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts a data-set file (an IDX file, say) into the bucket, so a job can name it by key; the key is
 * {@code datasets/{sha256}/{name}}, so the same file twice is one object.
 */
@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetsResource {

  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  @Inject Bucket store;

  @ConfigProperty(name = "convscope.gateway.max-dataset-bytes", defaultValue = "268435456")
  long maxBytes;

  /** The stored file's key. */
  public record StoredFile(String key, long sizeBytes) {}

  @POST
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  public Response upload(
      @QueryParam("name") String name,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
      InputStream body) {
    if (name == null || !SAFE_NAME.matcher(name).matches()) {
      throw new BadRequestException(
          "name must be a plain file name (letters, digits, '.', '_', '-'), not '" + name + "'");
    }
    if (contentLength != null && contentLength > maxBytes) {
      throw tooLarge();
    }
    byte[] file;
    try {
      file = body.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 16));
    } catch (IOException e) {
      throw new BadRequestException("the file could not be read: " + e.getMessage(), e);
    }
    if (file.length > maxBytes) {
      throw tooLarge();
    }
    if (file.length == 0) {
      throw new BadRequestException("the file is empty");
    }
    String key = "datasets/" + Sha256.hex(file) + "/" + name;
    store.put(key, file, MediaType.APPLICATION_OCTET_STREAM);
    return Response.status(Response.Status.CREATED)
        .entity(new StoredFile(key, file.length))
        .build();
  }

  private WebApplicationException tooLarge() {
    return new WebApplicationException(
        "a data-set file may have at most "
            + maxBytes
            + " bytes (convscope.gateway.max-dataset-bytes)",
        Response.Status.REQUEST_ENTITY_TOO_LARGE);
  }
}
