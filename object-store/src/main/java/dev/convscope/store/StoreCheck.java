package dev.convscope.store;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a readiness check finds of the store: ready, unreachable (an outage, which passes), or
 * misconfigured (refused credentials, a missing bucket: which does not pass by waiting).
 *
 * @param bucket the bucket checked
 * @param reason why it is not ready, naming the bucket; null when it is
 */
public record StoreCheck(String bucket, State state, String reason) {

  public enum State {
    READY,
    UNREACHABLE,
    MISCONFIGURED;

    /** The state as a readiness check's data shows it: "ready", "unreachable", "misconfigured". */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Asks the store now (and creates the bucket when it is missing and may be created). */
  public static StoreCheck of(ObjectStore store) {
    try {
      store.checkReachable();
      return new StoreCheck(store.bucket(), State.READY, null);
    } catch (StoreUnavailableException e) {
      return new StoreCheck(store.bucket(), State.UNREACHABLE, e.getMessage());
    } catch (StoreMisconfiguredException e) {
      return new StoreCheck(store.bucket(), State.MISCONFIGURED, e.getMessage());
    }
  }

  public boolean ready() {
    return state == State.READY;
  }

  /** What a readiness check shows: {@code bucket}, {@code store} (the state) and {@code reason}. */
  public Map<String, String> data() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("bucket", bucket);
    data.put("store", state.label());
    if (reason != null) {
      data.put("reason", reason);
    }
    return data;
  }
}
