package dev.convscope.gateway.api;

import dev.convscope.gateway.batch.DatasetFile;
import dev.convscope.gateway.batch.UploadedDatasets;
import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.store.Bucket;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import java.util.List;
import java.util.regex.Pattern;

/**
 * Puts a data-set file (an IDX file, say) into the bucket, so a job can name it by key; the key is
 * {@code datasets/{sha256}/{name}}, so the same file twice is one object. Lists the IDX image files
 * uploaded, for a person to pick one.
 */
@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetsResource {

  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  @Inject Bucket store;

  @Inject GatewayConfig config;

  /**
   * Stores the file; {@code kind} (images or labels) refuses a file of another kind, and {@code
   * labels_for} names the uploaded IDX image file a label file labels. The answer says what the
   * file is: IDX images or labels with their count, or another file.
   */
  @POST
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  public Response upload(
      @QueryParam("name") String name,
      @QueryParam("kind") String kind,
      @QueryParam("labels_for") String labelsFor,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
      InputStream body) {
    if (name == null || !SAFE_NAME.matcher(name).matches()) {
      throw new BadRequestException(
          "name must be a plain file name (letters, digits, '.', '_', '-'), not '" + name + "'");
    }
    if (contentLength != null && contentLength > config.maxDatasetBytes()) {
      throw tooLarge();
    }
    byte[] file;
    try {
      file = body.readNBytes((int) Math.min(config.maxDatasetBytes() + 1, Integer.MAX_VALUE - 16));
    } catch (IOException e) {
      throw new BadRequestException("the file could not be read: " + e.getMessage(), e);
    }
    if (file.length > config.maxDatasetBytes()) {
      throw tooLarge();
    }
    if (file.length == 0) {
      throw new BadRequestException("the file is empty");
    }
    if (kind != null && !kind.equals(DatasetFile.IMAGES) && !kind.equals(DatasetFile.LABELS)) {
      throw new BadRequestException("kind must be images or labels, not '" + kind + "'");
    }
    String expected = labelsFor != null ? DatasetFile.LABELS : kind;
    DatasetFile stored = new UploadedDatasets(store).upload(name, file, expected, labelsFor);
    return Response.status(Response.Status.CREATED).entity(stored).build();
  }

  /** The uploaded IDX image files, each with its item count and its label file, if any. */
  @GET
  public List<DatasetFile> list() {
    return new UploadedDatasets(store).imageFiles();
  }

  private WebApplicationException tooLarge() {
    return new WebApplicationException(
        "a data-set file may have at most "
            + config.maxDatasetBytes()
            + " bytes (convscope.gateway.max-dataset-bytes)",
        Response.Status.REQUEST_ENTITY_TOO_LARGE);
  }
}
