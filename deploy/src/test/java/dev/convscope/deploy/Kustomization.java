package dev.convscope.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a kustomization the way {@code kubectl apply -k} does, for the few features our
 * kustomizations use: resources (files and directories), configMapGenerator, strategic-merge
 * patches, namespace, labels and images. Anything else in a kustomization.yaml fails the build here
 * rather than being ignored, so a new feature needs teaching to this class first.
 *
 * <p>Unlike kustomize, generated ConfigMaps keep their plain names (no content hash suffix); the
 * references to them are consistent either way.
 */
final class Kustomization {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Set<String> SUPPORTED =
      Set.of(
          "apiVersion",
          "kind",
          "namespace",
          "resources",
          "patches",
          "images",
          "labels",
          "configMapGenerator");

  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "ClusterRole",
          "ClusterRoleBinding",
          "PersistentVolume",
          "StorageClass",
          "CustomResourceDefinition",
          "PriorityClass");

  private Kustomization() {}

  /** The resources {@code kubectl apply -k dir} would send, as YAML trees. */
  static List<ObjectNode> build(Path dir) {
    ObjectNode kustomization = only(readDocuments(dir.resolve("kustomization.yaml")));
    for (Map.Entry<String, JsonNode> entry : kustomization.properties()) {
      String field = entry.getKey();
      if (!SUPPORTED.contains(field)) {
        throw new IllegalStateException(
            dir + "/kustomization.yaml uses '" + field + "', which Kustomization cannot build");
      }
    }
    List<ObjectNode> resources = new ArrayList<>();
    for (JsonNode entry : kustomization.path("resources")) {
      Path path = dir.resolve(entry.asText()).normalize();
      resources.addAll(Files.isDirectory(path) ? build(path) : readDocuments(path));
    }
    for (JsonNode generator : kustomization.path("configMapGenerator")) {
      resources.add(configMap(dir, generator));
    }
    for (JsonNode patch : kustomization.path("patches")) {
      if (patch.size() != 1 || !patch.has("path")) {
        throw new IllegalStateException("only patches given by path alone are built: " + patch);
      }
      for (ObjectNode document : readDocuments(dir.resolve(patch.get("path").asText()))) {
        merge(target(resources, document), document);
      }
    }
    if (kustomization.hasNonNull("namespace")) {
      setNamespace(resources, kustomization.get("namespace").asText());
    }
    for (JsonNode labels : kustomization.path("labels")) {
      if (labels.path("includeSelectors").asBoolean()
          || labels.path("includeTemplates").asBoolean()) {
        throw new IllegalStateException("labels only on metadata are built: " + labels);
      }
      for (ObjectNode resource : resources) {
        ObjectNode metadata = resource.withObject("/metadata");
        metadata.withObject("/labels").setAll((ObjectNode) labels.get("pairs"));
      }
    }
    for (JsonNode image : kustomization.path("images")) {
      resources.forEach(resource -> retag(resource, image));
    }
    return resources;
  }

  /** Every YAML document of a file, skipping empty ones. */
  static List<ObjectNode> readDocuments(Path file) {
    List<ObjectNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode document = it.next();
        if (document instanceof ObjectNode object && !object.isEmpty()) {
          documents.add(object);
        } else if (document != null && !document.isNull() && !document.isMissingNode()) {
          throw new IllegalStateException(file + " has a document that is not a mapping");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return documents;
  }

  private static ObjectNode only(List<ObjectNode> documents) {
    if (documents.size() != 1) {
      throw new IllegalStateException("expected one document, found " + documents.size());
    }
    return documents.get(0);
  }

  private static ObjectNode configMap(Path dir, JsonNode generator) {
    ObjectNode configMap = JsonNodeFactory.instance.objectNode();
    configMap.put("apiVersion", "v1").put("kind", "ConfigMap");
    configMap.putObject("metadata").put("name", generator.get("name").asText());
    ObjectNode data = configMap.putObject("data");
    for (JsonNode file : generator.path("files")) {
      Path path = dir.resolve(file.asText());
      try {
        data.put(path.getFileName().toString(), Files.readString(path));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }
    for (JsonNode literal : generator.path("literals")) {
      String[] pair = literal.asText().split("=", 2);
      data.put(pair[0], pair[1]);
    }
    return configMap;
  }

  private static ObjectNode target(List<ObjectNode> resources, ObjectNode patch) {
    String kind = patch.path("kind").asText();
    String name = patch.path("metadata").path("name").asText();
    List<ObjectNode> found =
        resources.stream()
            .filter(r -> r.path("kind").asText().equals(kind))
            .filter(r -> r.path("metadata").path("name").asText().equals(name))
            .toList();
    if (found.size() != 1) {
      throw new IllegalStateException("a patch names " + kind + " " + name + ": none to patch");
    }
    return found.get(0);
  }

  /** A strategic merge: maps merge, lists of containers, env, volumes and ports by their key. */
  static void merge(ObjectNode target, ObjectNode patch) {
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      JsonNode current = target.get(key);
      if (key.startsWith("$")) {
        throw new IllegalStateException("patch directive " + key + " is not built");
      } else if (value.isNull()) {
        target.remove(key);
      } else if (current instanceof ObjectNode currentObject
          && value instanceof ObjectNode object) {
        merge(currentObject, object);
      } else if (current instanceof ArrayNode currentList
          && value instanceof ArrayNode list
          && mergeKey(key, list) != null) {
        mergeList(currentList, list, mergeKey(key, list));
      } else {
        target.set(key, value.deepCopy());
      }
    }
  }

  private static String mergeKey(String field, ArrayNode items) {
    return switch (field) {
      case "containers", "initContainers", "env", "volumes", "volumeMounts" -> "name";
      case "ports" -> items.path(0).has("containerPort") ? "containerPort" : "port";
      default -> null;
    };
  }

  private static void mergeList(ArrayNode current, ArrayNode patch, String key) {
    for (JsonNode item : patch) {
      ObjectNode match = null;
      for (JsonNode existing : current) {
        if (existing.path(key).equals(item.path(key))) {
          match = (ObjectNode) existing;
        }
      }
      if (match == null) {
        current.add(item.deepCopy());
      } else {
        merge(match, (ObjectNode) item);
      }
    }
  }

  private static void setNamespace(List<ObjectNode> resources, String namespace) {
    for (ObjectNode resource : resources) {
      String kind = resource.path("kind").asText();
      if (!CLUSTER_SCOPED.contains(kind)) {
        resource.withObject("/metadata").put("namespace", namespace);
      }
      if (kind.endsWith("RoleBinding")) {
        for (JsonNode subject : resource.path("subjects")) {
          if ("ServiceAccount".equals(subject.path("kind").asText())) {
            ((ObjectNode) subject).put("namespace", namespace);
          }
        }
      }
    }
  }

  /** Sets the name and tag of every container image named as the entry names, anywhere. */
  private static void retag(JsonNode node, JsonNode image) {
    if (node instanceof ObjectNode object) {
      for (String field : List.of("containers", "initContainers")) {
        for (JsonNode container : object.path(field)) {
          if (container.has("image")) {
            ((ObjectNode) container).put("image", retagged(container.get("image").asText(), image));
          }
        }
      }
    }
    node.forEach(child -> retag(child, image));
  }

  private static String retagged(String reference, JsonNode image) {
    String name = reference;
    String tag = "";
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    if (reference.contains("@")) {
      name = reference.substring(0, reference.indexOf('@'));
      tag = reference.substring(reference.indexOf('@'));
    } else if (colon > slash) {
      name = reference.substring(0, colon);
      tag = reference.substring(colon);
    }
    if (!name.equals(image.path("name").asText())) {
      return reference;
    }
    String newName = image.path("newName").asText(name);
    String newTag = image.hasNonNull("newTag") ? ":" + image.get("newTag").asText() : tag;
    return newName + newTag;
  }
}
