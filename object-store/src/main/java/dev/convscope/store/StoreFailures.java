package dev.convscope.store;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.security.InvalidKeyException;
import java.util.Set;

/**
 * Tells an outage from a refusal. Connection failures, timeouts and server errors (5xx, or a store
 * asking to slow down) are outages: {@link StoreUnavailableException}, worth retrying. Any other
 * answer means the store will refuse the same request again, whatever the wait: credentials it does
 * not accept, a bucket it does not have, a bucket name it does not take. Those are {@link
 * StoreMisconfiguredException}s, whose message says which setting to check.
 */
final class StoreFailures {

  /** The store does not accept the credentials, or does not let them use the bucket. */
  static final Set<String> REFUSED_CREDENTIALS =
      Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch");

  static final String NO_SUCH_BUCKET = "NoSuchBucket";

  /** Answers that say "not now" rather than "no": the store is overloaded or slow. */
  private static final Set<String> TRANSIENT = Set.of("SlowDown", "RequestTimeout");

  private final String endpoint;
  private final String bucket;

  StoreFailures(String endpoint, String bucket) {
    this.endpoint = endpoint;
    this.bucket = bucket;
  }

  /** The failure of a request to {@code what} (such as "could not read KEY"). */
  RuntimeException of(String what, Exception cause) {
    if (cause instanceof ErrorResponseException e) {
      String code = e.errorResponse().code();
      int status = e.response() == null ? 0 : e.response().code();
      if (status >= 500 || status == 429 || TRANSIENT.contains(code)) {
        return unavailable(what, "answered " + code, cause);
      }
      return refused(what, code, cause);
    }
    if (cause instanceof ServerException e) {
      // A HEAD request's error, which has no body to name it: only the HTTP status is known.
      if (e.statusCode() >= 500 || e.statusCode() == 429) {
        return unavailable(what, "answered HTTP " + e.statusCode(), cause);
      }
      return refused(what, "HTTP " + e.statusCode(), cause);
    }
    if (cause instanceof IllegalArgumentException e) {
      return e; // a request the client would not send (an empty key): the caller's mistake
    }
    if (cause instanceof InvalidKeyException) {
      return settingRefused(what, "the secret key cannot sign requests", cause);
    }
    if (cause instanceof IOException) {
      return unavailable(what, "does not answer", cause);
    }
    return unavailable(what, "failed: " + cause.getClass().getSimpleName(), cause);
  }

  /** The bucket's name is not one S3 allows: no request for it is ever sent. */
  StoreMisconfiguredException unusableBucketName(IllegalArgumentException cause) {
    return settingRefused("cannot use bucket '" + bucket + "'", cause.getMessage(), cause);
  }

  private StoreMisconfiguredException settingRefused(String what, String why, Exception cause) {
    return new StoreMisconfiguredException(
        what
            + ": no request for bucket '"
            + bucket
            + "' at "
            + endpoint
            + " can be made ("
            + why
            + "); check convscope.store.bucket, access-key and secret-key",
        bucket,
        cause.getClass().getSimpleName(),
        cause);
  }

  /** The store refused a request with {@code code}: a message naming what to check. */
  private StoreMisconfiguredException refused(String what, String code, Exception cause) {
    String store = "the object store at " + endpoint;
    String reason;
    if (REFUSED_CREDENTIALS.contains(code)) {
      reason =
          store
              + " refused this service's credentials for bucket '"
              + bucket
              + "' ("
              + code
              + "); check convscope.store.access-key and convscope.store.secret-key, and that"
              + " they may use the bucket";
    } else if (NO_SUCH_BUCKET.equals(code)) {
      reason =
          store
              + " has no bucket '"
              + bucket
              + "' ("
              + code
              + "); create it, or set convscope.store.bucket to one that exists";
    } else {
      reason = store + " refused the request for bucket '" + bucket + "' (" + code + ")";
    }
    return new StoreMisconfiguredException(what + ": " + reason, bucket, code, cause);
  }

  private StoreUnavailableException unavailable(String what, String how, Exception cause) {
    return new StoreUnavailableException(
        what + ": the object store at " + endpoint + " " + how, cause);
  }
}
