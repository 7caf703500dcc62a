package dev.convscope.store;

/**
 * The object store refuses this service's requests for a reason that waiting cannot fix: its
 * credentials are not accepted (AccessDenied, InvalidAccessKeyId, SignatureDoesNotMatch), the
 * bucket does not exist and cannot be created (NoSuchBucket), or the store refuses the request
 * outright (any other 4xx answer). Not an outage, so never retried; becomes INTERNAL (500). The
 * message names the store, the bucket and the store's error code, never the credentials.
 */
public final class StoreMisconfiguredException extends RuntimeException {

  private final String bucket;
  private final String code;

  public StoreMisconfiguredException(String message, String bucket, String code, Throwable cause) {
    super(message, cause);
    this.bucket = bucket;
    this.code = code;
  }

  /** The bucket the refused request was for. */
  public String bucket() {
    return bucket;
  }

  /** The store's error code (AccessDenied, NoSuchBucket, …), as it answered. */
  public String code() {
    return code;
  }
}
