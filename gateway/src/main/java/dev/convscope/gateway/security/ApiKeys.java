package dev.convscope.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/** Checks a request's API key against the configured one, in time that does not depend on it. */
public final class ApiKeys {

  private final Optional<byte[]> expected;

  public ApiKeys(Optional<String> configured) {
    this.expected =
        configured.filter(key -> !key.isBlank()).map(key -> key.getBytes(StandardCharsets.UTF_8));
  }

  /** True when no key is configured: the API is open. */
  public boolean open() {
    return expected.isEmpty();
  }

  /**
   * True when the request may pass: no key is configured, or it sent the key as {@code
   * Authorization: Bearer KEY} or {@code X-API-Key: KEY}.
   */
  public boolean admits(String authorization, String apiKey) {
    if (expected.isEmpty()) {
      return true;
    }
    String given = apiKey;
    if (given == null && authorization != null) {
      String trimmed = authorization.trim();
      if (trimmed.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
        given = trimmed.substring("bearer ".length()).trim();
      }
    }
    return given != null
        && MessageDigest.isEqual(expected.get(), given.getBytes(StandardCharsets.UTF_8));
  }
}
