package dev.convscope.inference.upload;

import dev.convscope.models.CnnModel;
import dev.convscope.models.ModelSummary;
import dev.convscope.models.Preprocessing;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Turns an uploaded file into a model ready to run: read it, find its image input, settle the
 * preprocessing, and run one blank image through it, so a model that cannot run is rejected at
 * upload rather than at its first Visualize.
 */
final class UploadedModelBuilder {

  static final String SOURCE = UploadedModelNames.SOURCE;

  private UploadedModelBuilder() {}

  /** From an upload: everything it asks for is checked against the file. */
  static CnnModel fromUpload(Path file, String sha256, UploadDescription upload) {
    LoadedNetwork network =
        ModelFileReader.read(file, upload.format(), upload.parts(), upload.preprocessing().size());
    RequestedPreprocessing requested = upload.preprocessing();
    Preprocessing preprocessing =
        requested.resolve(network.input(), network.defaults(requested.preset()));
    CnnModel model = build(network, sha256, preprocessing, upload.labels());
    checkLabels(model, upload.labels());
    return model;
  }

  /** From a stored file and its manifest, which were checked when it was uploaded. */
  static CnnModel fromManifest(Path file, ModelManifest manifest) {
    Preprocessing preprocessing = manifest.preprocessing();
    LoadedNetwork network =
        ModelFileReader.read(
            file,
            manifest.format(),
            manifest.parts(),
            Optional.of(new int[] {preprocessing.height(), preprocessing.width()}));
    return build(network, manifest.sha256(), preprocessing, manifest.labels());
  }

  private static CnnModel build(
      LoadedNetwork network, String sha256, Preprocessing preprocessing, List<String> labels) {
    CnnModel model =
        new CnnModel(
            UploadedModelNames.of(sha256),
            sha256,
            SOURCE,
            true,
            network.graph(),
            preprocessing,
            labels,
            network.blobs(),
            network.input().layout());
    try {
      model.summary(); // one blank image through every layer
    } catch (RuntimeException e) {
      throw new ModelRejectedException(
          "the model does not run on a "
              + network.input().shape()
              + " image: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
          e);
    }
    return model;
  }

  private static void checkLabels(CnnModel model, List<String> labels) {
    List<ModelSummary.Layer> layers = model.summary().layers();
    int outputs =
        Arrays.stream(layers.get(layers.size() - 1).outputShape()).reduce(1, Math::multiplyExact);
    if (!labels.isEmpty() && labels.size() != outputs) {
      throw new ModelRejectedException(
          "the upload gives "
              + labels.size()
              + " labels, but the model has "
              + outputs
              + " outputs");
    }
  }
}
