package dev.convscope.gateway.run;

import java.util.Arrays;

/** Where a run's image comes from: sent with the request, or an object already in the bucket. */
public sealed interface ImageSource {

  /** The image's bytes, as the client sent them. */
  record Sent(byte[] bytes) implements ImageSource {

    @Override
    public boolean equals(Object other) {
      return other instanceof Sent that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Sent[" + bytes.length + " bytes]";
    }
  }

  /** An object in the gateway's bucket, named by its key. */
  record Stored(String key) implements ImageSource {}
}
