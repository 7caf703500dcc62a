package dev.convscope.inference.drawing;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Resolves {@code addresses://NAME} to the fixed list of replicas in the setting {@code
 * convscope.grpc.addresses.NAME} ("host:port,host:port"), so gRPC's own round-robin policy can
 * spread calls over replicas that DNS cannot tell apart (several on one machine). gRPC keeps a
 * connection to each, backs off from one that is down, and sends calls only to those that are up.
 * On Kubernetes the DNS resolver over a headless Service does the same job.
 */
public final class AddressListNameResolverProvider extends NameResolverProvider {

  static final String SCHEME = "addresses";

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 5;
  }

  @Override
  public String getDefaultScheme() {
    return SCHEME;
  }

  @Override
  public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
    return List.of(InetSocketAddress.class);
  }

  @Override
  public NameResolver newNameResolver(URI target, NameResolver.Args args) {
    if (!SCHEME.equals(target.getScheme())) {
      return null;
    }
    String name = target.getHost() != null ? target.getHost() : target.getAuthority();
    return new NameResolver() {
      @Override
      public String getServiceAuthority() {
        return name;
      }

      @Override
      public void start(Listener2 listener) {
        String setting = "convscope.grpc.addresses." + name;
        Optional<String> list = ConfigProvider.getConfig().getOptionalValue(setting, String.class);
        if (list.isEmpty() || list.get().isBlank()) {
          listener.onError(Status.UNAVAILABLE.withDescription("no addresses in " + setting));
          return;
        }
        try {
          listener.onResult(
              ResolutionResult.newBuilder().setAddresses(parse(list.get(), setting)).build());
        } catch (IllegalArgumentException e) {
          listener.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        }
      }

      @Override
      public void shutdown() {
        // Nothing held.
      }
    };
  }

  /** "host:port,host:port" as one address group per replica. */
  static List<EquivalentAddressGroup> parse(String list, String setting) {
    List<EquivalentAddressGroup> groups = new ArrayList<>();
    for (String entry : list.split(",")) {
      String address = entry.trim();
      int colon = address.lastIndexOf(':');
      if (colon <= 0 || colon == address.length() - 1) {
        throw new IllegalArgumentException(setting + ": '" + address + "' is not host:port");
      }
      int port;
      try {
        port = Integer.parseInt(address.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(setting + ": '" + address + "' has no port number");
      }
      groups.add(
          new EquivalentAddressGroup(new InetSocketAddress(address.substring(0, colon), port)));
    }
    return groups;
  }
}
