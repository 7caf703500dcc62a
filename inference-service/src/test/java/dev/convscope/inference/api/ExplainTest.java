package dev.convscope.inference.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.Attribution;
import dev.convscope.api.v1.ExplainRequest;
import dev.convscope.api.v1.ExplainResponse;
import dev.convscope.api.v1.WatchExplainRequest;
import dev.convscope.api.v1.WatchExplainResponse;
import dev.convscope.api.v1.Weights;
import dev.convscope.contract.digest.Sha256;
import dev.convscope.inference.testing.TestBucket;
import dev.convscope.inference.testing.TestImages;
import dev.convscope.models.dataset.FashionMnist;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Explain over a real gRPC channel against the S3Proxy store: the built-in model on the test set's
 * first image (an ankle boot), its pictures read back from the store, and each bad request refused
 * naming what was wrong, storing nothing.
 */
@QuarkusTest
@WithTestResource(
    value = VisualizationServiceResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class ExplainTest extends InferenceServiceTest {

  private static byte[] fashionMnistPng(int index) throws Exception {
    var images = FashionMnist.in(FashionMnist.DEBIAN_DIRECTORY).test().images();
    BufferedImage image =
        new BufferedImage(images.cols(), images.rows(), BufferedImage.TYPE_BYTE_GRAY);
    int size = images.rows() * images.cols();
    for (int pixel = 0; pixel < size; pixel++) {
      image
          .getRaster()
          .setSample(
              pixel % images.cols(),
              pixel / images.cols(),
              0,
              images.pixels()[index * size + pixel] & 0xFF);
    }
    return TestImages.png(image);
  }

  private static ExplainRequest.Builder boot() throws Exception {
    return ExplainRequest.newBuilder()
        .setModel("fashion-mnist")
        .setImage(ByteString.copyFrom(fashionMnistPng(0)));
  }

  @Test
  void theBuiltInModelsBootIsExplainedAndEachPictureIsStored() throws Exception {
    ExplainResponse first = inference.explain(boot().build());

    assertThat(first.getModel()).isEqualTo("fashion-mnist");
    assertThat(first.getWeights()).isEqualTo(Weights.WEIGHTS_TRAINED);
    assertThat(first.getPredictions(0).getLabel()).isEqualTo("Ankle boot");
    assertThat(first.getAttributionsList())
        .extracting(Attribution::getMethod, Attribution::getLayer, Attribution::getClassIndex)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("saliency", "", 9),
            org.assertj.core.groups.Tuple.tuple("gradcam", "pool2", 9));
    String folder = "attributions/" + first.getModelDigest() + "/" + first.getImageDigest() + "/9/";
    assertThat(first.getImageDigest()).isEqualTo(Sha256.hex(fashionMnistPng(0)));
    for (Attribution attribution : first.getAttributionsList()) {
      assertThat(attribution.getPictureKey()).startsWith(folder).endsWith("/jet.png");
      assertThat(attribution.getOverlayKey()).startsWith(folder).endsWith("/jet.overlay.png");
      for (String key : List.of(attribution.getPictureKey(), attribution.getOverlayKey())) {
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(TestBucket.read(key)));
        assertThat(picture.getWidth()).isEqualTo(attribution.getWidth()).isEqualTo(28);
        assertThat(picture.getHeight()).isEqualTo(attribution.getHeight()).isEqualTo(28);
      }
      assertThat(attribution.getMin()).isLessThanOrEqualTo(attribution.getMean());
      assertThat(attribution.getMean()).isLessThan(attribution.getMax());
      assertThat(attribution.getMin()).isGreaterThanOrEqualTo(0f); // both are magnitudes
    }
    byte[] stored = TestBucket.read(first.getAttributions(1).getOverlayKey());
    assertThat(first.getFromManifest()).isFalse();
    String manifest = new String(TestBucket.read(first.getManifestKey()), UTF_8);
    for (Attribution attribution : first.getAttributionsList()) {
      assertThat(manifest)
          .contains(
              attribution.getPictureKey(), attribution.getOverlayKey(), attribution.getMapKey());
    }

    ExplainResponse again = inference.explain(boot().build());

    assertThat(again).isEqualTo(first.toBuilder().setFromManifest(true).build());
    assertThat(TestBucket.read(first.getAttributions(1).getOverlayKey())).isEqualTo(stored);
  }

  @Test
  void eachRawMapIsStoredAsNumpyFloat32WithTheFiguresOfTheAnswer() throws Exception {
    ExplainResponse response = inference.explain(boot().setClassIndex(5).build());

    for (Attribution attribution : response.getAttributionsList()) {
      assertThat(attribution.getMapKey()).endsWith("/map.npy");
      ByteBuffer npy = ByteBuffer.wrap(TestBucket.read(attribution.getMapKey()));
      byte[] magic = new byte[6];
      npy.get(magic);
      assertThat(magic).isEqualTo(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
      int major = npy.get();
      npy.get();
      int headerLength =
          major == 1
              ? Short.toUnsignedInt(npy.order(ByteOrder.LITTLE_ENDIAN).getShort())
              : npy.order(ByteOrder.LITTLE_ENDIAN).getInt();
      byte[] header = new byte[headerLength];
      npy.get(header);
      assertThat(new String(header, StandardCharsets.ISO_8859_1))
          .contains("'descr': '<f4'", "'fortran_order': False", "'shape': (28, 28)");
      float[] values = new float[28 * 28];
      npy.asFloatBuffer().get(values);
      assertThat(npy.remaining()).isEqualTo(values.length * 4);
      double sum = 0;
      float min = Float.MAX_VALUE;
      float max = -Float.MAX_VALUE;
      for (float value : values) {
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
      assertThat(min).isEqualTo(attribution.getMin());
      assertThat(max).isEqualTo(attribution.getMax());
      assertThat((float) (sum / values.length)).isCloseTo(attribution.getMean(), within(1e-6f));
    }
  }

  @Test
  void watchingAnExplanationTellsEachGradientPassThenAnswersAndARepeatNeedsNoPass()
      throws Exception {
    WatchExplainRequest request =
        WatchExplainRequest.newBuilder()
            .setRequest(
                boot()
                    .setTopK(2)
                    .addMethods("saliency")
                    .addMethods("smoothgrad")
                    .addMethods("integrated-gradients")
                    .setSamples(5)
                    .setSteps(4))
            .build();

    List<WatchExplainResponse> events = new ArrayList<>();
    inference.watchExplain(request).forEachRemaining(events::add);

    // Per class: one pass for saliency, five samples, four steps; two classes.
    List<Integer> done =
        events.stream()
            .filter(WatchExplainResponse::hasProgress)
            .map(e -> e.getProgress().getPassesDone())
            .toList();
    assertThat(done).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
    assertThat(events)
        .filteredOn(WatchExplainResponse::hasProgress)
        .allSatisfy(e -> assertThat(e.getProgress().getPassesTotal()).isEqualTo(20));
    WatchExplainResponse last = events.get(events.size() - 1);
    assertThat(last.hasExplanation()).isTrue();
    assertThat(last.getExplanation().getAttributionsList()).hasSize(6);
    assertThat(last.getExplanation().getFromManifest()).isFalse();

    List<WatchExplainResponse> repeat = new ArrayList<>();
    inference.watchExplain(request).forEachRemaining(repeat::add);

    assertThat(repeat).hasSize(1);
    assertThat(repeat.get(0).getExplanation())
        .isEqualTo(last.getExplanation().toBuilder().setFromManifest(true).build());
  }

  @Test
  void anotherColormapDrawsAgainButKeepsTheSameRawMap() throws Exception {
    ExplainResponse jet = inference.explain(boot().setClassIndex(3).build());
    ExplainResponse hot = inference.explain(boot().setClassIndex(3).setColormap("hot").build());

    assertThat(hot.getFromManifest()).isFalse();
    assertThat(hot.getManifestKey()).isNotEqualTo(jet.getManifestKey());
    assertThat(hot.getAttributionsList())
        .extracting(Attribution::getMapKey)
        .containsExactlyElementsOf(
            jet.getAttributionsList().stream().map(Attribution::getMapKey).toList());
    assertThat(hot.getAttributions(0).getPictureKey())
        .isNotEqualTo(jet.getAttributions(0).getPictureKey());
  }

  @Test
  void aNamedClassAndEveryMethodAreExplainedWithTheirSettingsInTheKeys() throws Exception {
    ExplainResponse response =
        inference.explain(
            boot()
                .setClassIndex(7)
                .setTopK(3)
                .addMethods("gradient-x-input")
                .addMethods("smoothgrad")
                .addMethods("integrated-gradients")
                .addMethods("gradcam")
                .setLayer("conv1")
                .setSamples(3)
                .setSteps(4)
                .setColormap("viridis")
                .build());

    assertThat(response.getPredictionsList()).hasSize(3);
    assertThat(response.getAttributionsList())
        .allSatisfy(a -> assertThat(a.getClassIndex()).isEqualTo(7))
        .extracting(Attribution::getPictureKey)
        .allSatisfy(key -> assertThat(key).endsWith("/viridis.png"))
        .anySatisfy(key -> assertThat(key).contains("/7/smoothgrad-3/"))
        .anySatisfy(key -> assertThat(key).contains("/7/integrated-gradients-4/"))
        .anySatisfy(key -> assertThat(key).contains("/7/gradcam-conv1/"));
    assertThat(response.getAttributionsList())
        .extracting(Attribution::getLabel)
        .containsOnly("Sneaker");
  }

  @Test
  void badRequestsAreRefusedNamingWhatIsWrongAndStoreNothing() throws Exception {
    byte[] image = TestImages.png(TestImages.solid(28, 28, 40, 90, 200));
    String digest = Sha256.hex(image);
    ExplainRequest.Builder request =
        ExplainRequest.newBuilder().setModel("fashion-mnist").setImage(ByteString.copyFrom(image));

    assertStatus(
        () -> inference.explain(request.clone().addMethods("occlusion").build()),
        Status.Code.INVALID_ARGUMENT,
        "unknown attribution method 'occlusion'");
    assertStatus(
        () -> inference.explain(request.clone().addMethods("gradcam").setLayer("ip1").build()),
        Status.Code.INVALID_ARGUMENT,
        "layer 'ip1' of fashion-mnist gives [500], not a (C, H, W) map");
    assertStatus(
        () -> inference.explain(request.clone().addMethods("gradcam").setLayer("conv9").build()),
        Status.Code.INVALID_ARGUMENT,
        "has no layer 'conv9'");
    assertStatus(
        () -> inference.explain(request.clone().setClassIndex(10).build()),
        Status.Code.INVALID_ARGUMENT,
        "class 10 is outside fashion-mnist's classes 0..9");
    assertStatus(
        () -> inference.explain(request.clone().setTopK(11).build()),
        Status.Code.INVALID_ARGUMENT,
        "top_k must be 1 to 10");
    assertStatus(
        () -> inference.explain(request.clone().addMethods("smoothgrad").setSamples(500).build()),
        Status.Code.INVALID_ARGUMENT,
        "samples must be 1 to 200");
    assertStatus(
        () ->
            inference.explain(
                request.clone().addMethods("integrated-gradients").setSteps(-1).build()),
        Status.Code.INVALID_ARGUMENT,
        "steps must be 1 to 300");
    assertStatus(
        () -> inference.explain(request.clone().setColormap("rainbowz").build()),
        Status.Code.INVALID_ARGUMENT,
        "rainbowz");
    assertStatus(
        () -> inference.explain(request.clone().setModel("nonesuch").build()),
        Status.Code.NOT_FOUND,
        "nonesuch");
    assertStatus(
        () ->
            inference.explain(
                request.clone().setImage(ByteString.copyFromUtf8("not a picture")).build()),
        Status.Code.INVALID_ARGUMENT,
        "");

    assertThat(TestBucket.keysUnder("attributions/")).noneMatch(key -> key.contains(digest));
  }

  @Test
  void anUnreachableStoreIsUnavailableAndTheExplanationIsMadeWhenItIsBack() throws Exception {
    ExplainRequest request = boot().setClassIndex(0).addMethods("gradcam").build();
    VisualizationServiceResource.store().stop();
    try {
      assertStatus(() -> inference.explain(request), Status.Code.UNAVAILABLE, "does not answer");
    } finally {
      VisualizationServiceResource.store().start();
    }

    ExplainResponse made = inference.explain(request);

    assertThat(made.getFromManifest()).isFalse();
    assertThat(TestBucket.read(made.getAttributions(0).getOverlayKey())).isNotEmpty();
    assertThat(inference.explain(request).getFromManifest()).isTrue();
  }

  @Test
  void explanationsPastTheLimitAreRefusedAsBusyNotQueued() throws Exception {
    byte[] image = TestImages.png(TestImages.solid(28, 28, 200, 90, 40));
    ExplainRequest slow =
        ExplainRequest.newBuilder()
            .setModel("fashion-mnist")
            .setImage(ByteString.copyFrom(image))
            .addMethods("integrated-gradients")
            .setSteps(300)
            .build();
    ExecutorService callers = Executors.newFixedThreadPool(5);
    try {
      List<Future<ExplainResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        // Each asks for its own explanation: none can be answered from another's manifest.
        ExplainRequest own = slow.toBuilder().setSteps(300 - i).build();
        Callable<ExplainResponse> call = () -> inference.explain(own);
        calls.add(callers.submit(call));
      }
      int answered = 0;
      int busy = 0;
      for (Future<ExplainResponse> call : calls) {
        try {
          call.get();
          answered++;
        } catch (java.util.concurrent.ExecutionException e) {
          StatusRuntimeException refused = (StatusRuntimeException) e.getCause();
          assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          assertThat(refused.getStatus().getDescription())
              .contains("as many as this service takes");
          busy++;
        }
      }
      assertThat(answered).isGreaterThanOrEqualTo(1);
      assertThat(busy).as("two run at once; five arrive together").isGreaterThanOrEqualTo(1);
    } finally {
      callers.shutdownNow();
    }
  }
}
