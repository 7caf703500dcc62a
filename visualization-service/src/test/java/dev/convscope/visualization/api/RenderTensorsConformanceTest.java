package dev.convscope.visualization.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.api.v1.PictureKind;
import dev.convscope.api.v1.RenderTensorsRequest;
import dev.convscope.api.v1.RenderTensorsResponse;
import dev.convscope.api.v1.TensorKind;
import dev.convscope.render.RgbImage;
import dev.convscope.render.TensorStatistics;
import dev.convscope.render.conformance.CaseDirectory;
import dev.convscope.render.conformance.Conformance;
import dev.convscope.visualization.store.S3ProxyResource;
import io.grpc.Status;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every conformance case sent over a real gRPC socket, stored in S3Proxy, read back through the
 * MinIO client and compared with the reference: the whole suite in one stream, so results also
 * arrive in order, one per tensor.
 */
@QuarkusTest
@WithTestResource(value = S3ProxyResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RenderTensorsConformanceTest extends GrpcServiceTest {

  @Test
  void everyCaseIsDrawnStoredAndReadBackLikeTheReference() throws Exception {
    List<Path> cases = Conformance.cases();
    List<RenderTensorsRequest> frames = new ArrayList<>();
    for (Path caseDir : cases) {
      CaseDirectory found = CaseDirectory.read(caseDir);
      var header =
          RenderClient.header(caseDir.getFileName().toString(), found.tensor().shape())
              .setKind(
                  found.weights()
                      ? TensorKind.TENSOR_KIND_WEIGHTS
                      : TensorKind.TENSOR_KIND_ACTIVATION);
      header
          .getOptionsBuilder()
          .setColormap(found.options().colormap().name())
          .setMaxWidth(found.options().maxWidth())
          .setNormalize(found.options().normalize());
      frames.addAll(RenderClient.frames(header, found.tensor().values(), 1 << 20));
    }

    RenderClient.Outcome outcome = client.send(frames);

    assertThat(outcome.status().getCode())
        .as(outcome.status().toString())
        .isEqualTo(Status.Code.OK);
    assertThat(outcome.responses()).hasSize(cases.size());
    for (int i = 0; i < cases.size(); i++) {
      Path caseDir = cases.get(i);
      RenderTensorsResponse response = outcome.responses().get(i);
      assertThat(response.getIndex()).isEqualTo(i);
      assertThat(response.getName()).isEqualTo(caseDir.getFileName().toString());
      var tiles = response.getPictures(0);
      assertThat(tiles.getKind()).isEqualTo(PictureKind.PICTURE_KIND_TILES);
      assertThat(tiles.getKey()).matches("tensors/[0-9a-f]{64}/tiles-[a-z]+-w600-(norm|raw)\\.png");

      byte[] png = GrpcTestSupport.readObject(tiles.getKey());
      assertThat((long) png.length).isEqualTo(tiles.getSizeBytes());
      RgbImage stored = Conformance.decode(png);
      assertThat(stored.width()).isEqualTo(tiles.getWidth());
      assertThat(stored.height()).isEqualTo(tiles.getHeight());
      Conformance.assertPixelsMatch(
          stored, Conformance.expectedPicture(caseDir), Conformance.PIXEL_TOLERANCE);
      Conformance.assertStatisticsMatch(
          fromProto(response.getStatistics()), Conformance.expectedStatistics(caseDir));
      for (var picture : response.getPicturesList()) {
        assertThat(GrpcTestSupport.readObject(picture.getKey())).as(picture.getKey()).isNotEmpty();
      }
    }
  }

  static TensorStatistics fromProto(dev.convscope.api.v1.TensorStatistics s) {
    return new TensorStatistics(
        s.getMean(),
        s.getStddev(),
        s.getMin(),
        s.getMax(),
        s.getCountsList().stream().mapToLong(Long::longValue).toArray(),
        s.getCentersList().stream().mapToDouble(Double::doubleValue).toArray(),
        s.getTicksList().stream().mapToDouble(Double::doubleValue).toArray(),
        s.getNanCount(),
        s.getInfiniteCount(),
        s.getValueCount());
  }
}
