package dev.convscope.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The three services: their Maven module, Deployment, image and own settings. */
enum ServiceModule {
  VISUALIZATION("visualization-service", "convscope-visualization"),
  INFERENCE("inference-service", "convscope-inference"),
  GATEWAY("gateway", "convscope-gateway");

  private static final Pattern ENV_WITH_DEFAULT = Pattern.compile("\\$\\{([A-Z0-9_]+):([^}]*)}");

  final String module;
  final String deployment;
  final String image;

  ServiceModule(String module, String deployment) {
    this.module = module;
    this.deployment = deployment;
    this.image = "convscope/" + module;
  }

  /** The module's src/main/resources/application.properties. */
  Properties properties() {
    Path file = Manifests.ROOT.resolve(module).resolve("src/main/resources/application.properties");
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return properties;
  }

  /** A setting written as {@code ${ENV_VAR:default}}: the variable and the default. */
  Setting setting(String key) {
    String value = properties().getProperty(key);
    if (value == null) {
      throw new AssertionError(module + " has no setting " + key);
    }
    Matcher m = ENV_WITH_DEFAULT.matcher(value.trim());
    if (!m.matches()) {
      throw new AssertionError(module + ": " + key + " is not ${ENV:default} but " + value);
    }
    return new Setting(m.group(1), m.group(2));
  }

  /** The port the service listens on (HTTP, and gRPC on the same server) by default. */
  int defaultPort() {
    return Integer.parseInt(setting("quarkus.http.port").defaultValue());
  }

  record Setting(String envVar, String defaultValue) {}
}
