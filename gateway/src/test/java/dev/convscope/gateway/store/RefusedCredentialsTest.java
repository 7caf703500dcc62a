package dev.convscope.gateway.store;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The store refuses the gateway's secret key. */
@QuarkusTest
@WithTestResource(
    value = MisconfiguredStoreResource.RefusedCredentials.class,
    scope = TestResourceScope.RESTRICTED_TO_CLASS)
class RefusedCredentialsTest extends MisconfiguredStoreTest {

  @Override
  String cause() {
    return "refused this service's credentials";
  }
}
