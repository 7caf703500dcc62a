package dev.convscope.bench;

import dev.convscope.render.conformance.CaseDirectory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Finds and reads a conformance case for the benchmarks. The directory that holds the cases comes
 * from the system property {@value #PROPERTY}; without it, {@value #DEFAULT_DIRECTORY}, resolved
 * against the working directory (right when running from {@code benchmarks/}). JMH passes the host
 * VM's {@code -D} options on to its forks, so {@code java -Dconvscope.cases=... -jar
 * benchmarks.jar} reaches every benchmark.
 */
public final class BenchCase {

  public static final String PROPERTY = "convscope.cases";
  public static final String DEFAULT_DIRECTORY =
      "../visualization-service/src/test/resources/conformance/cases";

  private BenchCase() {}

  /** The directory holding the case directories, absolute. */
  public static Path casesDirectory() {
    return Path.of(System.getProperty(PROPERTY, DEFAULT_DIRECTORY)).toAbsolutePath().normalize();
  }

  public static Path directory(String name) {
    Path directory = casesDirectory().resolve(name);
    if (!CaseDirectory.looksLikeOne(directory)) {
      throw new IllegalStateException(
          "no conformance case at "
              + directory
              + "; set -D"
              + PROPERTY
              + " to the directory of cases");
    }
    return directory;
  }

  public static CaseDirectory read(String name) {
    try {
      return CaseDirectory.read(directory(name));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read case " + name + ": " + e.getMessage(), e);
    }
  }
}
