package dev.convscope.gateway.batch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.gateway.store.Bucket;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Data-set jobs whose shards run as Kubernetes Indexed Jobs the gateway creates, over the REST API
 * with the real inference service behind it.
 *
 * <p>The Kubernetes API server here is fabric8's mock server in CRUD mode, started in this JVM by
 * quarkus-test-kubernetes-client: a real HTTP server speaking the Kubernetes API, which stores,
 * returns and deletes objects, and the only API server that can run where these tests run (no
 * cluster, no container runtime). It has no controllers, scheduler or nodes, so no shard pod ever
 * runs, and it checks neither schemas, admission nor RBAC: what a cluster would make of the Job is
 * checked by the deploy module's tests of the template and the Role, not here.
 */
@QuarkusTest
@WithKubernetesTestServer
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
@TestProfile(KubernetesShardJobsTest.ShardsOnKubernetes.class)
class KubernetesShardJobsTest {

  static final String IMAGE = "registry.test/convscope/gateway:1.2.3";
  static final Path RBAC = Path.of("../deploy/kubernetes/base/gateway-rbac.yaml");

  /** Shards on Kubernetes, from a copy of the deployment's template this test may break. */
  public static class ShardsOnKubernetes implements QuarkusTestProfile {
    // A fixed place: this class is loaded once for Quarkus and once for the test.
    static final Path TEMPLATE =
        Path.of("target", "shard-job-template", "batch-shard-job.yaml").toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
      copyTheTemplate();
      return Map.of(
          "convscope.gateway.batch.shards",
          "kubernetes",
          "convscope.gateway.batch.job-template",
          TEMPLATE.toString(),
          "convscope.gateway.batch.job-image",
          IMAGE,
          "convscope.gateway.batch.job-parallelism",
          "2");
    }

    private static void copyTheTemplate() {
      try {
        Files.createDirectories(TEMPLATE.getParent());
        Files.copy(ShardJobTemplateTest.DEPLOYED, TEMPLATE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @KubernetesTestServer KubernetesServer server;

  @Test
  void aJobIsAnIndexedJobUntilItIsCancelled() throws Exception {
    drainRequests();
    String jobId = createJob(Map.of("limit", 120, "shard_size", 40));
    // What the gateway asked of the API server, told apart from this test's own reads.
    List<RecordedRequest> gatewayCalls = new java.util.ArrayList<>(drainRequests());
    KubernetesClient client = server.getClient();
    Job created = client.batch().v1().jobs().withName("convscope-shard-" + jobId).get();
    assertThat(created).as("the Kubernetes Job of job " + jobId).isNotNull();
    Job template =
        new KubernetesSerialization()
            .unmarshal(Files.readString(ShardJobTemplateTest.DEPLOYED), Job.class);

    assertThat(created.getMetadata().getLabels())
        .containsEntry(ShardJobTemplate.JOB_ID_LABEL, jobId);
    assertThat(created.getMetadata().getAnnotations())
        .containsEntry(ShardJobTemplate.JOB_ID_LABEL, jobId);
    assertThat(created.getMetadata().getOwnerReferences()).isNullOrEmpty();
    var spec = created.getSpec();
    assertThat(spec.getCompletionMode()).isEqualTo("Indexed");
    assertThat(spec.getCompletions()).isEqualTo(3);
    assertThat(spec.getParallelism()).isEqualTo(2);
    assertThat(spec.getBackoffLimitPerIndex())
        .isEqualTo(template.getSpec().getBackoffLimitPerIndex());
    assertThat(spec.getTtlSecondsAfterFinished()).isPositive();
    var shard = spec.getTemplate().getSpec().getContainers().get(0);
    var templateShard = template.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(shard.getImage()).isEqualTo(IMAGE);
    assertThat(shard.getCommand()).isEqualTo(templateShard.getCommand());
    assertThat(shard.getArgs())
        .containsExactly("shard", "--job", jobId, "--index", "$(JOB_COMPLETION_INDEX)");
    assertThat(shard.getResources()).isEqualTo(templateShard.getResources());
    assertThat(spec.getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(template.getSpec().getTemplate().getSpec().getServiceAccountName());

    // Nothing runs in the gateway: the job waits for its pods.
    drainRequests();
    given()
        .get("/api/v1/jobs/" + jobId)
        .then()
        .statusCode(200)
        .body("state", org.hamcrest.Matchers.equalTo("running"))
        .body("done", org.hamcrest.Matchers.equalTo(0));
    assertThat(new JobStore(new Bucket(objects())).shard(jobId, 0)).isEmpty();

    // Cancel: the marker for the shards, and the Job goes with its pods.
    given()
        .delete("/api/v1/jobs/" + jobId)
        .then()
        .statusCode(200)
        .body("state", org.hamcrest.Matchers.equalTo("cancelled"));
    gatewayCalls.addAll(drainRequests());
    assertThat(client.batch().v1().jobs().withName("convscope-shard-" + jobId).get()).isNull();

    RecordedRequest deletion =
        gatewayCalls.stream()
            .filter(r -> r.getMethod().equals("DELETE"))
            .reduce((first, second) -> second)
            .orElseThrow();
    assertThat(deletion.getPath()).endsWith("/jobs/convscope-shard-" + jobId);
    assertThat(deletion.getUtf8Body()).contains("\"propagationPolicy\":\"Background\"");
    // Creating, following and cancelling a job is every call the gateway makes, and the Role
    // allows exactly those.
    assertThat(verbs(gatewayCalls)).isEqualTo(grantedVerbs());
  }

  @Test
  void aJobKubernetesGaveUpOnIsFailedWithItsReason() throws InterruptedException {
    String jobId = createJob(Map.of("limit", 40, "shard_size", 40));
    KubernetesClient client = server.getClient();
    Job job = client.batch().v1().jobs().withName("convscope-shard-" + jobId).get();
    job.setStatus(
        new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
            .withConditions(
                new JobConditionBuilder()
                    .withType("Failed")
                    .withStatus("True")
                    .withReason("FailedIndexes")
                    .withMessage("Job has failed indexes")
                    .build())
            .build());
    client.batch().v1().jobs().resource(job).updateStatus();

    drainRequests();
    given()
        .get("/api/v1/jobs/" + jobId)
        .then()
        .statusCode(200)
        .body("state", org.hamcrest.Matchers.equalTo("failed"))
        .body("reason", containsString("convscope-shard-" + jobId + " failed (FailedIndexes)"));
    assertThat(verbs(drainRequests())).isSubsetOf(grantedVerbs()).contains("get");
  }

  @Test
  void aTemplateBrokenSinceStartupIsNamedAndStoresNoJob() throws IOException {
    Path template = ShardsOnKubernetes.TEMPLATE;
    String good = Files.readString(template);
    int before = given().get("/api/v1/jobs").then().statusCode(200).extract().path("size()");
    try {
      Files.writeString(template, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
      Map<String, Object> body = jobBody(Map.of("limit", 40));
      given()
          .contentType("application/json")
          .body(body)
          .post("/api/v1/jobs")
          .then()
          .statusCode(500)
          .contentType("application/problem+json")
          .body("detail", containsString("the shard Job template " + template))
          .body("detail", containsString("not a batch/v1 Job"));
      Files.delete(template);
      given()
          .contentType("application/json")
          .body(body)
          .post("/api/v1/jobs")
          .then()
          .statusCode(500)
          .body("detail", containsString("there is no such file"));
    } finally {
      Files.writeString(template, good);
    }
    assertThat(given().get("/api/v1/jobs").then().extract().<Integer>path("size()"))
        .isEqualTo(before);
  }

  private String createJob(Map<String, Object> options) {
    return given()
        .contentType("application/json")
        .body(jobBody(options))
        .post("/api/v1/jobs")
        .then()
        .statusCode(201)
        .extract()
        .path("job_id");
  }

  private static Map<String, Object> jobBody(Map<String, Object> options) {
    Map<String, Object> body = new java.util.HashMap<>(options);
    body.put("idx_images", FashionMnistFiles.upload(FashionMnistFiles.IMAGES));
    body.put("idx_labels", FashionMnistFiles.upload(FashionMnistFiles.LABELS));
    return body;
  }

  private dev.convscope.store.ObjectStore objects() {
    return io.quarkus.arc.Arc.container().instance(dev.convscope.store.ObjectStore.class).get();
  }

  /** The requests the API server has had since the last call. */
  private List<RecordedRequest> drainRequests() throws InterruptedException {
    List<RecordedRequest> requests = new java.util.ArrayList<>();
    RecordedRequest request;
    while ((request = server.getKubernetesMockServer().takeRequest(0, TimeUnit.SECONDS)) != null) {
      requests.add(request);
    }
    return requests;
  }

  /** The RBAC verb of each request the gateway made on Jobs. */
  private static Set<String> verbs(List<RecordedRequest> requests) {
    Set<String> verbs = new HashSet<>();
    for (RecordedRequest request : requests) {
      String path = request.getPath().replaceAll("\\?.*", "");
      assertThat(path).as("a call on Jobs").matches("/apis/batch/v1/namespaces/[^/]+/jobs(/.*)?");
      boolean named = !path.endsWith("/jobs");
      boolean watch = request.getPath().contains("watch=true");
      verbs.add(
          switch (request.getMethod()) {
            case "POST" -> "create";
            case "GET" -> watch ? "watch" : named ? "get" : "list";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> request.getMethod();
          });
    }
    return verbs;
  }

  /** What the deployment's Role lets the gateway do on Jobs. */
  private static Set<String> grantedVerbs() {
    try {
      String yaml = Files.readString(RBAC);
      List<?> documents = new KubernetesSerialization().unmarshal(yaml);
      List<Role> roles =
          documents.stream().filter(Role.class::isInstance).map(Role.class::cast).toList();
      return roles.stream()
          .flatMap(r -> r.getRules().stream())
          .filter(r -> r.getApiGroups().contains("batch") && r.getResources().contains("jobs"))
          .flatMap(r -> r.getVerbs().stream())
          .collect(java.util.stream.Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
