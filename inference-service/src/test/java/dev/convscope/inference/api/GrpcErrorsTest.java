package dev.convscope.inference.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.ErrorInfo;
import dev.convscope.store.StoreMisconfiguredException;
import dev.convscope.store.StoreUnavailableException;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

/** A store outage is worth retrying (UNAVAILABLE); a misconfigured store is not (INTERNAL). */
class GrpcErrorsTest {

  @Test
  void aMisconfiguredStoreIsInternalWithItsMessage() throws Exception {
    String message = "could not read k: the object store at http://s3 has no bucket 'b'";
    Throwable status =
        GrpcErrors.toStatus(new StoreMisconfiguredException(message, "b", "NoSuchBucket", null));

    assertThat(Status.fromThrowable(status).getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(Status.fromThrowable(status).getDescription()).isEqualTo(message);
    assertThat(reason(status)).isEqualTo("STORE_MISCONFIGURED");
  }

  @Test
  void anUnreachableStoreIsUnavailable() throws Exception {
    Throwable status =
        GrpcErrors.toStatus(new StoreUnavailableException("the store does not answer", null));

    assertThat(Status.fromThrowable(status).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(reason(status)).isEqualTo("STORE_UNAVAILABLE");
  }

  private static String reason(Throwable status) throws Exception {
    return StatusProto.fromThrowable(status).getDetails(0).unpack(ErrorInfo.class).getReason();
  }
}
