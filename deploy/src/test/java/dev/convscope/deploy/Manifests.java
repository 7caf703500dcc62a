package dev.convscope.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The manifests of one variant (the base, or an overlay as {@code kubectl apply -k} would build
 * it), as fabric8's Kubernetes model objects, with the look-ups the tests share.
 */
final class Manifests {

  static final Path ROOT = Path.of(System.getProperty("convscope.root", "..")).normalize();
  static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
  static final Path SHARD_JOB_TEMPLATE = KUBERNETES.resolve("base/batch-shard-job.yaml");
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static final Map<String, Manifests> BUILT = new ConcurrentHashMap<>();

  /** A pod template with what owns it: a Deployment, a StatefulSet or the shard Job template. */
  record Workload(String kind, String name, PodTemplateSpec template) {
    Container container() {
      return template.getSpec().getContainers().get(0);
    }

    Map<String, String> podLabels() {
      return template.getMetadata().getLabels();
    }
  }

  final String variant;
  final List<ObjectNode> trees;
  final List<HasMetadata> resources;

  private Manifests(String variant) {
    this.variant = variant;
    this.trees = Kustomization.build(KUBERNETES.resolve(variant));
    this.resources = trees.stream().map(Manifests::toModel).toList();
  }

  static Manifests of(String variant) {
    return BUILT.computeIfAbsent(variant, Manifests::new);
  }

  static Stream<Manifests> all() {
    return Stream.of(of("base"), of("overlays/local"), of("overlays/production"));
  }

  static Stream<Manifests> overlays() {
    return Stream.of(of("overlays/local"), of("overlays/production"));
  }

  /** A YAML tree as its fabric8 model class, chosen by apiVersion and kind. */
  static HasMetadata toModel(ObjectNode tree) {
    KubernetesResource resource = SERIALIZATION.convertValue(tree, KubernetesResource.class);
    if (!(resource instanceof HasMetadata model)) {
      throw new IllegalStateException("not a Kubernetes object: " + tree.path("kind"));
    }
    return model;
  }

  /** The shard Job template, which no kustomization applies: the gateway fills it in. */
  static Job shardJobTemplate() {
    List<ObjectNode> documents = Kustomization.readDocuments(SHARD_JOB_TEMPLATE);
    if (documents.size() != 1) {
      throw new IllegalStateException("the shard Job template holds one Job");
    }
    return (Job) toModel(documents.get(0));
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name)
        .orElseThrow(
            () -> new AssertionError(variant + " has no " + type.getSimpleName() + " " + name));
  }

  Deployment deployment(ServiceModule service) {
    return get(Deployment.class, service.deployment);
  }

  Container container(ServiceModule service) {
    return deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  /** Every pod template that runs here, the shard Job's included. */
  List<Workload> workloads() {
    List<Workload> workloads = new ArrayList<>();
    for (Deployment d : all(Deployment.class)) {
      workloads.add(
          new Workload("Deployment", d.getMetadata().getName(), d.getSpec().getTemplate()));
    }
    for (StatefulSet s : all(StatefulSet.class)) {
      workloads.add(
          new Workload("StatefulSet", s.getMetadata().getName(), s.getSpec().getTemplate()));
    }
    Job shard = shardJobTemplate();
    workloads.add(
        new Workload("Job", shard.getMetadata().getName(), shard.getSpec().getTemplate()));
    return workloads;
  }

  /** The names of the workloads whose pods a selector picks. */
  List<String> selected(LabelSelector selector) {
    return workloads().stream()
        .filter(w -> matches(selector, w.podLabels()))
        .map(Workload::name)
        .toList();
  }

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> wanted =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    for (Map.Entry<String, String> label : wanted.entrySet()) {
      if (!label.getValue().equals(labels.get(label.getKey()))) {
        return false;
      }
    }
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    for (LabelSelectorRequirement requirement : expressions) {
      String value = labels.get(requirement.getKey());
      boolean ok =
          switch (requirement.getOperator()) {
            case "In" -> value != null && requirement.getValues().contains(value);
            case "NotIn" -> value == null || !requirement.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new IllegalStateException("operator " + requirement.getOperator());
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static Optional<String> env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst();
  }

  static String requireEnv(Container container, String name) {
    return env(container, name)
        .orElseThrow(() -> new AssertionError(container.getName() + " does not set " + name));
  }

  @Override
  public String toString() {
    return variant;
  }
}
