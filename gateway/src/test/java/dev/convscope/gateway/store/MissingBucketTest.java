package dev.convscope.gateway.store;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The bucket does not exist, and the store lets no one create it. */
@QuarkusTest
@WithTestResource(
    value = MisconfiguredStoreResource.MissingBucket.class,
    scope = TestResourceScope.RESTRICTED_TO_CLASS)
class MissingBucketTest extends MisconfiguredStoreTest {

  @Override
  String cause() {
    return "does not exist and could not be created";
  }
}
