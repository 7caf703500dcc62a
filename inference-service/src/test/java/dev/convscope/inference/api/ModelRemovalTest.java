package dev.convscope.inference.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.api.v1.DeleteModelRequest;
import dev.convscope.api.v1.DescribeModelRequest;
import dev.convscope.api.v1.ListModelsRequest;
import dev.convscope.api.v1.ModelSummary;
import dev.convscope.inference.testing.TestBucket;
import io.grpc.Status;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Uploaded models are listed from the bucket with the name their uploader gave them, and removed by
 * DeleteModel: description and file gone from the store, the model unknown from then on. Models
 * that come with the service stay.
 */
@QuarkusTest
@WithTestResource(
    value = VisualizationServiceResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class ModelRemovalTest extends UploadTest {

  private Optional<ModelSummary> listed(String name) {
    return inference.listModels(ListModelsRequest.getDefaultInstance()).getModelsList().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst();
  }

  @Test
  void anUploadIsListedWithItsDisplayNameThenRemovedFromStoreAndCatalog() throws Throwable {
    ModelSummary uploaded = uploadCaffe("squeeze_like");
    String name = uploaded.getName();
    String folder = "uploads/models/" + uploaded.getDigest() + "/";

    assertThat(listed(name))
        .get()
        .extracting(ModelSummary::getDisplayName)
        .isEqualTo("squeeze_like");
    assertThat(
            inference
                .describeModel(DescribeModelRequest.newBuilder().setModel(name).build())
                .getSummary()
                .getDisplayName())
        .isEqualTo("squeeze_like");
    assertThat(TestBucket.keysUnder(folder)).hasSize(2);

    assertThat(
            inference
                .deleteModel(DeleteModelRequest.newBuilder().setModel(name).build())
                .getModel())
        .isEqualTo(name);

    assertThat(TestBucket.keysUnder(folder)).isEmpty();
    assertThat(listed(name)).isEmpty();
    assertStatus(
        () -> inference.describeModel(DescribeModelRequest.newBuilder().setModel(name).build()),
        Status.Code.NOT_FOUND,
        "no model with this digest was uploaded");
    assertStatus(
        () -> inference.deleteModel(DeleteModelRequest.newBuilder().setModel(name).build()),
        Status.Code.NOT_FOUND,
        "no model with this digest was uploaded");
  }

  @Test
  void modelsThatComeWithTheServiceCannotBeRemoved() throws Exception {
    List<String> before = TestBucket.keysUnder("");
    assertStatus(
        () ->
            inference.deleteModel(
                DeleteModelRequest.newBuilder().setModel("fashion-mnist").build()),
        Status.Code.FAILED_PRECONDITION,
        "cannot be removed");
    assertStatus(
        () ->
            inference.deleteModel(DeleteModelRequest.newBuilder().setModel("sha256:beef").build()),
        Status.Code.NOT_FOUND,
        "64 lowercase hex digits");
    assertThat(TestBucket.keysUnder("")).isEqualTo(before);
    assertThat(listed("fashion-mnist")).isPresent();
  }
}
