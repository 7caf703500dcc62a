package dev.convscope.store;

import java.util.Locale;

/**
 * What a readiness check finds of the store: ready, unreachable (an outage, which passes), or
 * misconfigured (refused credentials, a missing bucket: which does not pass by waiting).
 *
 * @param reason why it is not ready, naming the bucket; null when it is
 */
public record StoreCheck(State state, String reason) {

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
      return new StoreCheck(State.READY, null);
    } catch (StoreUnavailableException e) {
      return new StoreCheck(State.UNREACHABLE, e.getMessage());
    } catch (StoreMisconfiguredException e) {
      return new StoreCheck(State.MISCONFIGURED, e.getMessage());
    }
  }

  public boolean ready() {
    return state == State.READY;
  }
}
