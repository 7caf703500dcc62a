package dev.convscope.gateway.api;

import dev.convscope.api.v1.ModelFormat;
import dev.convscope.api.v1.ModelUploadHeader;
import dev.convscope.api.v1.Preprocessing;
import dev.convscope.api.v1.UploadModelResponse;
import dev.convscope.gateway.inference.InferenceClient;
import dev.convscope.gateway.inference.ModelFiles;
import dev.convscope.gateway.inference.ModelUploader;
import dev.convscope.gateway.wire.ModelMessages;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The models the inference service can run, and uploads of new ones. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

  @Inject InferenceClient inference;

  @Inject ModelUploader uploader;

  @GET
  public List<ModelEntry> list() {
    return inference.list().stream().map(ModelEntry::from).toList();
  }

  @GET
  @Path("/{name}")
  public ModelDetails describe(@PathParam("name") String name) {
    return ModelDetails.from(inference.describe(name));
  }

  /** Removes an uploaded model ({@code sha256:DIGEST}); models that come with the service stay. */
  @DELETE
  @Path("/{name}")
  public Response remove(@PathParam("name") String name) {
    inference.delete(name);
    return Response.noContent().build();
  }

  /**
   * Adds a model: the body is a DL4J zip ({@code application/zip}), a Keras HDF5 file ({@code
   * application/x-hdf5}) or an ONNX file ({@code application/onnx}), refused over the size limit
   * before it is read.
   */
  @POST
  @Consumes({ModelFiles.DL4J_ZIP, ModelFiles.KERAS_HDF5, ModelFiles.ONNX})
  public Response upload(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
      @QueryParam("name") String name,
      @QueryParam("labels") String labels,
      InputStream file) {
    if (contentLength == null) {
      throw new WebApplicationException(
          "a model upload must state its Content-Length", Response.Status.LENGTH_REQUIRED);
    }
    uploader.requireWithinLimit(contentLength);
    ModelUploadHeader.Builder header =
        ModelUploadHeader.newBuilder()
            .setFormat(ModelFiles.formatOf(contentType))
            .setTotalBytes(contentLength)
            .setDisplayName(name == null ? "" : name.trim());
    if (labels != null && !labels.isBlank()) {
      Arrays.stream(labels.split(",")).map(String::trim).forEach(header::addLabels);
    }
    if (header.getFormat() == ModelFormat.MODEL_FORMAT_UNSPECIFIED) {
      throw new WebApplicationException(
          "a model is a DL4J zip, a Keras HDF5 file or an ONNX file",
          Response.Status.UNSUPPORTED_MEDIA_TYPE);
    }
    return stored(uploader.upload(header.build(), file));
  }

  /**
   * Adds a model sent as a form ({@code multipart/form-data}): a one-file model in the field {@code
   * model}, or a Caffe model in {@code network}, {@code weights} and optionally {@code mean};
   * {@code labels} (a file, one class per line) and {@code name} with either. A form larger than
   * the limit is refused before it is read ({@link ModelUploadSizeGuard}).
   */
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response uploadForm(
      @RestForm(FileUpload.ALL) List<FileUpload> files,
      @RestForm String name,
      @RestForm String preset,
      @RestForm Integer height,
      @RestForm Integer width) {
    ModelForm form = ModelForm.of(files);
    uploader.requireWithinLimit(form.totalBytes());
    ModelUploadHeader.Builder header =
        form.header()
            .setDisplayName(name == null ? "" : name.trim())
            .setPreset(preset == null ? "" : preset.trim());
    if (height != null || width != null) {
      // For an input whose height and width the file leaves open (an ONNX dim_param).
      header.setPreprocessing(
          Preprocessing.newBuilder()
              .setHeight(height == null ? 0 : height)
              .setWidth(width == null ? 0 : width));
    }
    try (InputStream model = form.open()) {
      return stored(uploader.upload(header.build(), model));
    } catch (IOException e) {
      throw new UncheckedIOException("reading an uploaded form's files back from disk", e);
    }
  }

  /** 201 with the stored model, or 200 when it was there already; either way where it is. */
  private static Response stored(UploadModelResponse stored) {
    ModelDetails model = ModelDetails.from(ModelMessages.read(stored.getSummary()));
    String run = "sha256:" + model.digest();
    return Response.status(stored.getAlreadyStored() ? Response.Status.OK : Response.Status.CREATED)
        .location(URI.create("/api/v1/models/" + run))
        .entity(new UploadedModel(run, stored.getAlreadyStored(), model))
        .type(MediaType.APPLICATION_JSON)
        .build();
  }
}
