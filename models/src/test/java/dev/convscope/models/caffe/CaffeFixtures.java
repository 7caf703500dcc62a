package dev.convscope.models.caffe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The files of src/test/resources/caffe/, written by make_fixtures.py there, and the values the
 * script recorded in expected.json.
 */
final class CaffeFixtures {

  private CaffeFixtures() {}

  static Path file(String name) {
    URL url = CaffeFixtures.class.getResource("/caffe/" + name);
    if (url == null) {
      throw new IllegalStateException("no fixture " + name + "; run caffe/make_fixtures.py");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode expected() {
    try {
      return new ObjectMapper().readTree(file("expected.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
