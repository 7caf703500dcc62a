package dev.convscope.localstore;

import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;

/**
 * A blob store that refuses to create buckets with AccessDenied, as MinIO or S3 answers a user
 * whose policy does not allow s3:CreateBucket: a missing bucket stays missing.
 */
final class NoNewBuckets extends ForwardingBlobStore {

  NoNewBuckets(BlobStore delegate) {
    super(delegate);
  }

  @Override
  public CreateBucketResponse createContainer(CreateBucketRequest request) {
    throw new S3ProxyException(
        S3ErrorCode.ACCESS_DENIED, "this store's users may not create buckets");
  }
}
