package dev.convscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest is a Kubernetes object of a known kind, with only fields the API knows. */
class ManifestSchemaTest {

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void everyResourceIsAKnownKindWithKnownFields(Manifests manifests) {
    assertThat(manifests.resources).isNotEmpty();
    for (HasMetadata resource : manifests.resources) {
      assertThat(resource)
          .as("%s %s", resource.getKind(), resource.getMetadata().getName())
          .isNotInstanceOf(GenericKubernetesResource.class);
      assertThat(unknownFields(resource, resource.getKind()))
          .as("fields the Kubernetes API does not know, in %s", manifests)
          .isEmpty();
    }
  }

  @Test
  void theShardJobTemplateHasOnlyKnownFields() {
    assertThat(unknownFields(Manifests.shardJobTemplate(), "Job")).isEmpty();
  }

  /** Labels, annotations, env values and ConfigMap data must be strings, or the API refuses. */
  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void stringsWhereKubernetesWantsStrings(Manifests manifests) {
    List<String> wrong = new ArrayList<>();
    for (ObjectNode tree : manifests.trees) {
      collectNonStrings(tree, tree.path("kind").asText(), wrong);
    }
    collectNonStrings(
        Kustomization.readDocuments(Manifests.SHARD_JOB_TEMPLATE).get(0), "Job", wrong);
    assertThat(wrong).isEmpty();
  }

  /** A YAML file no kustomization reaches (and not the Job template) would never be deployed. */
  @Test
  void everyManifestFileIsPartOfABuild() throws IOException {
    Set<Path> reached = new TreeSet<>();
    for (String variant : List.of("base", "overlays/local", "overlays/production")) {
      reach(Manifests.KUBERNETES.resolve(variant), reached);
    }
    try (Stream<Path> files = Files.walk(Manifests.KUBERNETES)) {
      List<Path> yaml =
          files.filter(f -> f.toString().endsWith(".yaml")).map(Path::normalize).toList();
      assertThat(yaml).hasSizeGreaterThan(10);
      assertThat(reached).containsAll(yaml);
    }
  }

  private static void reach(Path dir, Set<Path> reached) {
    Path file = dir.resolve("kustomization.yaml");
    reached.add(file.normalize());
    ObjectNode kustomization = Kustomization.readDocuments(file).get(0);
    for (JsonNode resource : kustomization.path("resources")) {
      Path path = dir.resolve(resource.asText()).normalize();
      if (Files.isDirectory(path)) {
        reach(path, reached);
      } else {
        reached.add(path);
      }
    }
    kustomization.path("patches").forEach(p -> reached.add(dir.resolve(p.get("path").asText())));
    for (JsonNode generator : kustomization.path("configMapGenerator")) {
      generator.path("files").forEach(f -> reached.add(dir.resolve(f.asText()).normalize()));
    }
  }

  private static void collectNonStrings(JsonNode node, String where, List<String> wrong) {
    node.properties()
        .forEach(
            field -> {
              String name = field.getKey();
              JsonNode value = field.getValue();
              if (Set.of("labels", "annotations", "matchLabels", "data", "stringData")
                  .contains(name)) {
                value
                    .properties()
                    .forEach(
                        e -> {
                          if (!e.getValue().isTextual()) {
                            wrong.add(where + ": " + name + "." + e.getKey() + " is not a string");
                          }
                        });
              }
              if (name.equals("env")) {
                for (JsonNode variable : value) {
                  if (variable.has("value") && !variable.get("value").isTextual()) {
                    wrong.add(where + ": env " + variable.path("name").asText() + " not a string");
                  }
                }
              }
              if (value.isContainerNode()) {
                if (value.isArray()) {
                  value.forEach(item -> collectNonStrings(item, where, wrong));
                } else {
                  collectNonStrings(value, where, wrong);
                }
              }
            });
  }

  /**
   * The fields fabric8 could not place in its model (a misspelt {@code readinessProbes}, a field at
   * the wrong level): they end up in a model object's additional properties.
   */
  static List<String> unknownFields(Object model, String path) {
    List<String> unknown = new ArrayList<>();
    if (model instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        unknown.addAll(unknownFields(list.get(i), path + "[" + i + "]"));
      }
      return unknown;
    }
    if (model instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknown.addAll(unknownFields(v, path + "." + k)));
      return unknown;
    }
    if (model == null || !model.getClass().getName().startsWith("io.fabric8.kubernetes.api")) {
      return unknown;
    }
    for (Method getter : model.getClass().getMethods()) {
      String name = getter.getName();
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !name.startsWith("get")
          || name.equals("getClass")) {
        continue;
      }
      Object value = invoke(getter, model);
      if (name.equals("getAdditionalProperties")) {
        ((Map<?, ?>) value).keySet().forEach(k -> unknown.add(path + "." + k));
      } else if (!getter.getReturnType().isPrimitive() && !(value instanceof String)) {
        unknown.addAll(unknownFields(value, path + "." + name.substring(3)));
      }
    }
    return unknown;
  }

  private static Object invoke(Method getter, Object model) {
    try {
      return getter.invoke(model);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return null;
    }
  }
}
