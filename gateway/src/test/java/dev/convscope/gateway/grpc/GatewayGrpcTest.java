package dev.convscope.gateway.grpc;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import dev.convscope.api.gateway.v1.CreateJobRequest;
import dev.convscope.api.gateway.v1.DeleteModelRequest;
import dev.convscope.api.gateway.v1.ExplainRequest;
import dev.convscope.api.gateway.v1.ExplainResponse;
import dev.convscope.api.gateway.v1.GatewayServiceGrpc;
import dev.convscope.api.gateway.v1.GetJobRequest;
import dev.convscope.api.gateway.v1.GetRunRequest;
import dev.convscope.api.gateway.v1.JobStatus;
import dev.convscope.api.gateway.v1.ListJobsRequest;
import dev.convscope.api.gateway.v1.ListModelsRequest;
import dev.convscope.api.gateway.v1.RunManifest;
import dev.convscope.api.gateway.v1.RunRequest;
import dev.convscope.api.gateway.v1.RunResponse;
import dev.convscope.api.gateway.v1.UploadModelRequest;
import dev.convscope.api.gateway.v1.UploadModelResponse;
import dev.convscope.api.gateway.v1.WatchExplainRequest;
import dev.convscope.api.gateway.v1.WatchExplainResponse;
import dev.convscope.api.v1.ModelFormat;
import dev.convscope.api.v1.ModelSummary;
import dev.convscope.api.v1.ModelUploadHeader;
import dev.convscope.api.v1.Picture;
import dev.convscope.api.v1.RenderOptions;
import dev.convscope.api.v1.Weights;
import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.gateway.api.RunClient;
import dev.convscope.gateway.api.TestImages;
import dev.convscope.gateway.batch.FashionMnistFiles;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's gRPC service, on the same port as its REST API, over a real socket. */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class GatewayGrpcTest {

  @TestHTTPResource("/")
  URI gateway;

  private ManagedChannel channel;

  @BeforeEach
  void connect() {
    channel =
        ManagedChannelBuilder.forAddress(gateway.getHost(), gateway.getPort())
            .usePlaintext()
            .build();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void aRunStreamsItsEventsAndItsManifestCanBeRead() throws Exception {
    RunRequest request =
        RunRequest.newBuilder()
            .setImageBytes(ByteString.copyFrom(TestImages.shiftedBootPng(7)))
            .setTopK(2)
            .setOptions(RenderOptions.newBuilder().setColormap("winter"))
            .build();
    List<RunResponse> events = new ArrayList<>();
    blocking().run(request).forEachRemaining(events::add);

    assertThat(events.get(0).hasOpened()).isTrue();
    assertThat(events.get(0).getOpened().getFromManifest()).isFalse();
    assertThat(events.get(0).getOpened().getModelSummary().getName()).isEqualTo("fashion-mnist");
    int layerCount = events.get(0).getOpened().getRun().getLayerCount();
    assertThat(events.get(1).getPredictions().getPredictionsCount()).isEqualTo(2);
    assertThat(events.get(1).getPredictions().getWeights()).isEqualTo(Weights.WEIGHTS_TRAINED);
    assertThat(events).hasSize(layerCount + 3);
    assertThat(events.get(events.size() - 1).hasFinished()).isTrue();
    RunClient http = new RunClient(gateway);
    for (RunResponse event : events.subList(2, events.size() - 1)) {
      for (Picture picture : event.getLayer().getPicturesList()) {
        BufferedImage image =
            ImageIO.read(new ByteArrayInputStream(http.get(picture.getUrl()).body()));
        assertThat(image.getWidth()).isEqualTo(picture.getWidth());
        assertThat(image.getHeight()).isEqualTo(picture.getHeight());
      }
    }

    String runId = events.get(0).getOpened().getRunId();
    RunManifest manifest =
        blocking().getRun(GetRunRequest.newBuilder().setRunId(runId).build()).getManifest();
    assertThat(manifest.getLayersCount()).isEqualTo(layerCount);
    assertThat(manifest.getRequest().getOptions().getColormap()).isEqualTo("winter");

    List<RunResponse> again = new ArrayList<>();
    blocking().run(request).forEachRemaining(again::add);
    assertThat(again.get(0).getOpened().getFromManifest()).isTrue();
    assertThat(again).hasSameSizeAs(events);
  }

  @Test
  void predictionsFromUntrainedWeightsSaySo() {
    RunRequest request =
        RunRequest.newBuilder()
            .setModel("lenet") // the zoo's LeNet, with weights drawn from a seed here
            .setImageBytes(ByteString.copyFrom(TestImages.shiftedBootPng(8)))
            .setTopK(2)
            .setSkipWeights(true)
            .build();
    List<RunResponse> events = new ArrayList<>();
    blocking().run(request).forEachRemaining(events::add);

    assertThat(events.get(1).getPredictions().getWeights()).isEqualTo(Weights.WEIGHTS_UNTRAINED);
    String runId = events.get(0).getOpened().getRunId();
    assertThat(
            blocking()
                .getRun(GetRunRequest.newBuilder().setRunId(runId).build())
                .getManifest()
                .getPredictions()
                .getWeights())
        .isEqualTo(Weights.WEIGHTS_UNTRAINED);
  }

  @Test
  void anImageLargerThanGrpcsDefaultMessageLimitRuns() {
    // gRPC servers take 256 KiB messages by default; an image is one message of up to the limit.
    byte[] large = TestImages.noisyPng(300, 300);
    assertThat(large.length).isGreaterThan(256 * 1024).isLessThan(300_000);
    List<RunResponse> events = new ArrayList<>();
    blocking()
        .run(
            RunRequest.newBuilder()
                .setImageBytes(ByteString.copyFrom(large))
                .addLayers("prob")
                .setSkipWeights(true)
                .build())
        .forEachRemaining(events::add);
    assertThat(events.get(events.size() - 1).hasFinished()).isTrue();
  }

  @Test
  void anImageIsExplainedWithFetchableUrlsForEveryPicture() throws Exception {
    ExplainResponse response =
        blocking()
            .explain(
                ExplainRequest.newBuilder()
                    .setImage(ByteString.copyFrom(TestImages.bootPng()))
                    .addMethods("gradcam")
                    .setTopK(2)
                    .build());

    var explanation = response.getExplanation();
    assertThat(explanation.getModel()).isEqualTo("fashion-mnist");
    assertThat(explanation.getAttributionsList())
        .extracting(a -> a.getLabel() + " " + a.getMethod() + " " + a.getLayer())
        .containsExactly(
            explanation.getPredictions(0).getLabel() + " gradcam pool2",
            explanation.getPredictions(1).getLabel() + " gradcam pool2");
    assertThat(response.getUrlsList()).hasSize(2);
    RunClient http = new RunClient(gateway);
    for (var urls : response.getUrlsList()) {
      for (String url : List.of(urls.getPictureUrl(), urls.getOverlayUrl())) {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(http.get(url).body()));
        assertThat(image.getWidth()).isEqualTo(28);
      }
    }

    StatusRuntimeException badLayer =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                blocking()
                    .explain(
                        ExplainRequest.newBuilder()
                            .setImage(ByteString.copyFrom(TestImages.bootPng()))
                            .addMethods("gradcam")
                            .setLayer("prob")
                            .build()));
    assertThat(badLayer.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badLayer.getStatus().getDescription()).contains("'prob'");
  }

  @Test
  void aWatchedExplanationTellsEachPassThenAnswersWithTheRawMapsUrl() throws Exception {
    ExplainRequest request =
        ExplainRequest.newBuilder()
            .setImage(ByteString.copyFrom(TestImages.bootPng()))
            .addMethods("integrated-gradients")
            .setSteps(6)
            .setClassIndex(4)
            .build();
    List<WatchExplainResponse> events = new ArrayList<>();

    blocking()
        .watchExplain(WatchExplainRequest.newBuilder().setRequest(request).build())
        .forEachRemaining(events::add);

    assertThat(events.subList(0, events.size() - 1))
        .extracting(e -> e.getProgress().getPassesDone() + "/" + e.getProgress().getPassesTotal())
        .containsExactly("1/6", "2/6", "3/6", "4/6", "5/6", "6/6");
    ExplainResponse answer = events.get(events.size() - 1).getExplanation();
    assertThat(answer.getExplanation().getAttributions(0).getMethod())
        .isEqualTo("integrated-gradients");
    byte[] npy = new RunClient(gateway).get(answer.getUrls(0).getMapUrl()).body();
    assertThat(new String(npy, 1, 5, StandardCharsets.ISO_8859_1)).isEqualTo("NUMPY");

    StatusRuntimeException tooManySteps =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                blocking()
                    .watchExplain(
                        WatchExplainRequest.newBuilder()
                            .setRequest(request.toBuilder().setSteps(301))
                            .build())
                    .forEachRemaining(e -> {}));
    assertThat(tooManySteps.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(tooManySteps.getStatus().getDescription()).contains("steps must be 1 to 300");
  }

  @Test
  void errorsAreStatusesThatNameWhatWasWrong() {
    StatusRuntimeException unknownModel =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                blocking()
                    .run(
                        RunRequest.newBuilder()
                            .setModel("no-such-model")
                            .setImageBytes(ByteString.copyFrom(TestImages.bootPng()))
                            .build())
                    .hasNext());
    assertThat(unknownModel.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(unknownModel.getStatus().getDescription()).contains("no-such-model");

    StatusRuntimeException noImage =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> blocking().run(RunRequest.getDefaultInstance()).hasNext());
    assertThat(noImage.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noImage.getStatus().getDescription()).contains("no image");

    StatusRuntimeException unknownRun =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> blocking().getRun(GetRunRequest.newBuilder().setRunId("nope").build()));
    assertThat(unknownRun.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void modelsAreListedAndUploadedThroughTheGateway() throws Exception {
    assertThat(
            blocking().listModels(ListModelsRequest.getDefaultInstance()).getModelsList().stream()
                .map(ModelSummary::getName))
        .contains("fashion-mnist", "caffenet");

    byte[] model = modelFile("tiny_gray_sequential.h5");
    UploadModelResponse stored =
        upload(kerasHeader(model).setDisplayName("tiny-gray").build(), model);
    assertThat(stored.getSummary().getDigest()).matches("[0-9a-f]{64}");
    String name = stored.getSummary().getName();
    assertThat(listedModels()).contains(name + " tiny-gray");

    assertThat(
            blocking()
                .deleteModel(DeleteModelRequest.newBuilder().setModel(name).build())
                .getModel())
        .isEqualTo(name);
    assertThat(listedModels()).noneMatch(listed -> listed.startsWith(name));
    StatusRuntimeException builtIn =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                blocking()
                    .deleteModel(
                        DeleteModelRequest.newBuilder().setModel("fashion-mnist").build()));
    assertThat(builtIn.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(builtIn.getStatus().getDescription()).contains("cannot be removed");

    StatusRuntimeException tooLarge =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                upload(
                    ModelUploadHeader.newBuilder()
                        .setFormat(ModelFormat.MODEL_FORMAT_KERAS_HDF5)
                        .setTotalBytes(1L << 40)
                        .build(),
                    model));
    assertThat(tooLarge.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(tooLarge.getStatus().getDescription()).contains("max-model-bytes");
  }

  @Test
  void aPresetChosenAtUploadIsDescribedWithItsStdOverGrpcAndRest() throws Exception {
    byte[] model = modelFile("tiny_rgb_functional.h5");

    ModelSummary summary =
        upload(kerasHeader(model).setPreset("torchvision").build(), model).getSummary();

    // torchvision's 0.229, 0.224 and 0.225 on the 0..255 scale.
    assertThat(summary.getPreprocessing().getStdList()).containsExactly(58.395f, 57.12f, 57.375f);
    JsonPath details =
        given()
            .get("/api/v1/models/{name}", summary.getName())
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(details.getList("input.std", Float.class)).containsExactly(58.395f, 57.12f, 57.375f);
    assertThat(details.getString("input.preprocessing"))
        .contains("divided by std [58.395, 57.12, 57.375]");
  }

  @Test
  void aJobIsCreatedFollowedAndListedOverGrpc() throws Exception {
    String key = FashionMnistFiles.upload(FashionMnistFiles.IMAGES);
    JobStatus created =
        blocking()
            .createJob(CreateJobRequest.newBuilder().setIdxImages(key).setLimit(10).build())
            .getJob();
    assertThat(created.getItems()).isEqualTo(10);

    JobStatus status = created;
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (status.getState().equals("running") && System.nanoTime() < deadline) {
      Thread.sleep(200);
      status =
          blocking()
              .getJob(GetJobRequest.newBuilder().setJobId(created.getJobId()).build())
              .getJob();
    }
    assertThat(status.getState()).isEqualTo("finished");
    assertThat(status.getDone()).isEqualTo(10);
    assertThat(blocking().listJobs(ListJobsRequest.getDefaultInstance()).getJobsList())
        .extracting(JobStatus::getJobId)
        .contains(created.getJobId());

    StatusRuntimeException unknown =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> blocking().getJob(GetJobRequest.newBuilder().setJobId("nope").build()));
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    StatusRuntimeException noDataSet =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> blocking().createJob(CreateJobRequest.getDefaultInstance()));
    assertThat(noDataSet.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void aMissingDataSetObjectIsNotFoundAsOverRest() {
    StatusRuntimeException missing =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                blocking()
                    .createJob(
                        CreateJobRequest.newBuilder().setIdxImages("datasets/none.idx").build()));

    assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(missing.getStatus().getDescription())
        .contains("datasets/none.idx")
        .contains(NeighbourServicesResource.BUCKET);
  }

  @Test
  void reflectionListsTheGatewayService() throws Exception {
    CompletableFuture<ServerReflectionResponse> listed = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> reflection =
        ServerReflectionGrpc.newStub(channel).serverReflectionInfo(answerTo(listed));
    reflection.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());

    List<String> services =
        listed.get(30, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
            .map(ServiceResponse::getName)
            .toList();
    reflection.onCompleted();

    assertThat(services).contains(GatewayServiceGrpc.SERVICE_NAME);
  }

  /** An observer that completes {@code answer} with the first response, or the call's failure. */
  private static <T> StreamObserver<T> answerTo(CompletableFuture<T> answer) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T response) {
        answer.complete(response);
      }

      @Override
      public void onError(Throwable failure) {
        answer.completeExceptionally(failure);
      }

      @Override
      public void onCompleted() {}
    };
  }

  private UploadModelResponse upload(ModelUploadHeader header, byte[] file) throws Exception {
    CompletableFuture<UploadModelResponse> answer = new CompletableFuture<>();
    StreamObserver<UploadModelRequest> requests =
        GatewayServiceGrpc.newStub(channel).uploadModel(answerTo(answer));
    requests.onNext(UploadModelRequest.newBuilder().setHeader(header).build());
    for (int offset = 0; offset < file.length; offset += 4096) {
      requests.onNext(
          UploadModelRequest.newBuilder()
              .setChunk(ByteString.copyFrom(file, offset, Math.min(4096, file.length - offset)))
              .build());
    }
    requests.onCompleted();
    try {
      return answer.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  /** Each model listed as its name and display name. */
  private List<String> listedModels() {
    return blocking().listModels(ListModelsRequest.getDefaultInstance()).getModelsList().stream()
        .map(m -> m.getName() + " " + m.getDisplayName())
        .toList();
  }

  private static ModelUploadHeader.Builder kerasHeader(byte[] model) {
    return ModelUploadHeader.newBuilder()
        .setFormat(ModelFormat.MODEL_FORMAT_KERAS_HDF5)
        .setTotalBytes(model.length);
  }

  /** A model file from the test resources. */
  private static byte[] modelFile(String name) throws Exception {
    try (InputStream in = GatewayGrpcTest.class.getResourceAsStream("/models/" + name)) {
      return in.readAllBytes();
    }
  }

  private GatewayServiceGrpc.GatewayServiceBlockingStub blocking() {
    return GatewayServiceGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES);
  }
}
