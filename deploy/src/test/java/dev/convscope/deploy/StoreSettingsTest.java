package dev.convscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Settings in the ConfigMap, store credentials in the Secret and nowhere else, and every variable
 * named as a setting the services really have.
 */
class StoreSettingsTest {

  private static final Set<String> CREDENTIAL_KEYS =
      Set.of("CONVSCOPE_STORE_ACCESS_KEY", "CONVSCOPE_STORE_SECRET_KEY");

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void theConfigMapHoldsNoCredential(Manifests manifests) {
    Map<String, String> data = manifests.get(ConfigMap.class, "convscope-config").getData();
    for (String key : data.keySet()) {
      assertThat(key.toUpperCase(Locale.ROOT))
          .doesNotContain("SECRET", "ACCESS_KEY", "PASSWORD", "TOKEN", "CREDENTIAL");
    }
    for (String secretValue : secretValues(manifests)) {
      assertThat(data).doesNotContainValue(secretValue);
    }
  }

  /** The local overlay's placeholders; production's Secret is made by hand, never committed. */
  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#overlays")
  void theSecretHoldsTheStoreKeys(Manifests manifests) {
    if (manifests.variant.endsWith("production")) {
      assertThat(manifests.all(Secret.class)).isEmpty();
      return;
    }
    Secret secret = manifests.get(Secret.class, "convscope-store");
    assertThat(values(secret).keySet()).containsExactlyInAnyOrderElementsOf(CREDENTIAL_KEYS);
    for (ServiceModule service : ServiceModule.values()) {
      assertThat(service.properties())
          .containsKeys("convscope.store.access-key", "convscope.store.secret-key");
    }
    // MinIO's root user is the services' key, from the same Secret.
    Container minio =
        manifests
            .get(StatefulSet.class, "convscope-minio")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    for (EnvVar variable : minio.getEnv()) {
      assertThat(variable.getValue()).as(variable.getName()).isNull();
      assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("convscope-store");
      assertThat(CREDENTIAL_KEYS).contains(variable.getValueFrom().getSecretKeyRef().getKey());
    }
  }

  /** Every key is a setting of the services: a misspelt one would be silently ignored. */
  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void everyConfigKeyIsASettingOfTheServices(Manifests manifests) throws IOException {
    String storeConfig =
        Files.readString(
            Manifests.ROOT.resolve(
                "object-store/src/main/java/dev/convscope/store/StoreConfig.java"));
    for (String key : manifests.get(ConfigMap.class, "convscope-config").getData().keySet()) {
      assertThat(key).matches("[A-Z0-9_]+");
      String property = key.toLowerCase(Locale.ROOT).replace('_', '.');
      if (key.startsWith("CONVSCOPE_STORE_")) {
        // A @ConfigMapping: CONVSCOPE_STORE_ACCESS_KEY is accessKey().
        String[] words =
            key.substring("CONVSCOPE_STORE_".length()).toLowerCase(Locale.ROOT).split("_");
        StringBuilder method = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
          method.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        assertThat(storeConfig).as(key).contains(" " + method + "();");
      } else {
        for (ServiceModule service : ServiceModule.values()) {
          assertThat(service.properties().stringPropertyNames())
              .as("%s in %s", key, service.module)
              .anyMatch(p -> p.replace('-', '.').equals(property));
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void everyServiceReadsTheSettingsAndTheCredentials(Manifests manifests) {
    for (ServiceModule service : ServiceModule.values()) {
      List<EnvFromSource> from = manifests.container(service).getEnvFrom();
      assertThat(from)
          .anyMatch(
              f ->
                  f.getConfigMapRef() != null
                      && f.getConfigMapRef().getName().equals("convscope-config"));
      assertThat(from)
          .anyMatch(
              f ->
                  f.getSecretRef() != null && f.getSecretRef().getName().equals("convscope-store"));
      for (EnvVar variable : manifests.container(service).getEnv()) {
        assertThat(CREDENTIAL_KEYS).doesNotContain(variable.getName());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#overlays")
  void theStoreEndpointIsTheOverlaysStore(Manifests manifests) {
    URI endpoint =
        URI.create(
            manifests
                .get(ConfigMap.class, "convscope-config")
                .getData()
                .get("CONVSCOPE_STORE_ENDPOINT"));
    if (manifests.variant.endsWith("production")) {
      assertThat(endpoint.getHost()).doesNotStartWith("convscope-minio");
      assertThat(endpoint.getScheme()).isEqualTo("https");
      return;
    }
    Service minio = manifests.get(Service.class, endpoint.getHost());
    assertThat(minio.getSpec().getPorts()).anyMatch(p -> p.getPort() == endpoint.getPort());
    assertThat(
            manifests.selected(
                new io.fabric8.kubernetes.api.model.LabelSelector(
                    null, minio.getSpec().getSelector())))
        .containsExactly("convscope-minio");
  }

  private static List<String> secretValues(Manifests manifests) {
    return manifests.all(Secret.class).stream().flatMap(s -> values(s).values().stream()).toList();
  }

  private static Map<String, String> values(Secret secret) {
    Map<String, String> values = new HashMap<>();
    if (secret.getStringData() != null) {
      values.putAll(secret.getStringData());
    }
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return values;
  }
}
