package dev.convscope.gateway.faults;

import dev.convscope.localstore.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP proxy (netcrusher) on a loopback port in front of the store, which a test can cut (every
 * connection dropped, new ones refused) and restore, or slow down (each transfer towards the store
 * held back for a while).
 */
final class StoreProxy implements AutoCloseable {

  private final NioReactor reactor;
  private final TcpCrusher crusher;
  private final int port;
  private final AtomicLong delayNanos;

  private StoreProxy(NioReactor reactor, TcpCrusher crusher, int port, AtomicLong delayNanos) {
    this.reactor = reactor;
    this.crusher = crusher;
    this.port = port;
    this.delayNanos = delayNanos;
  }

  /** Starts a proxy to {@code store}, passing everything through at once. */
  static StoreProxy inFrontOf(URI store) throws IOException {
    int port = ServiceProcess.freePort();
    NioReactor reactor = new NioReactor();
    AtomicLong delayNanos = new AtomicLong();
    // Read as each transfer passes, so a test can change it while connections are open.
    Throttler requestDelay =
        buffer -> delayNanos.get() > 0 ? delayNanos.get() : Throttler.NO_DELAY_NS;
    TcpCrusher crusher =
        TcpCrusherBuilder.builder()
            .withReactor(reactor)
            .withBindAddress("127.0.0.1", port)
            .withConnectAddress(store.getHost(), store.getPort())
            // Outgoing: from the services to the store, so each request is held back.
            .withOutgoingThrottlerFactory(client -> requestDelay)
            .buildAndOpen();
    return new StoreProxy(reactor, crusher, port, delayNanos);
  }

  /** The address the services are given as the store's. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The store goes away: open connections are dropped and new ones refused. */
  void cut() {
    crusher.close();
  }

  /** The store is back on the same address. */
  void restore() {
    if (!crusher.isOpen()) {
      crusher.open();
    }
  }

  /** Every transfer towards the store from now on waits {@code delay} first. */
  void delayRequests(Duration delay) {
    delayNanos.set(delay.toNanos());
  }

  /** Connections open, nothing held back. */
  void reset() {
    delayNanos.set(0);
    restore();
  }

  @Override
  public void close() {
    crusher.close();
    reactor.close();
  }
}
