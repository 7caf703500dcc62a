package dev.convscope.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  @Test
  void withoutAConfiguredKeyEveryoneIsAdmitted() {
    ApiKeys keys = new ApiKeys(Optional.empty());
    assertThat(keys.open()).isTrue();
    assertThat(keys.admits(null, null)).isTrue();
    assertThat(new ApiKeys(Optional.of(" ")).open()).isTrue();
  }

  @Test
  void theKeyIsAcceptedAsABearerTokenOrInItsOwnHeader() {
    ApiKeys keys = new ApiKeys(Optional.of("s3cret"));
    assertThat(keys.admits("Bearer s3cret", null)).isTrue();
    assertThat(keys.admits("bearer  s3cret ", null)).isTrue();
    assertThat(keys.admits(null, "s3cret")).isTrue();
    assertThat(keys.admits(null, null)).isFalse();
    assertThat(keys.admits("Basic s3cret", null)).isFalse();
    assertThat(keys.admits("Bearer s3cre", null)).isFalse();
    assertThat(keys.admits(null, "s3cret2")).isFalse();
  }
}
