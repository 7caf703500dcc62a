package dev.convscope.inference.drawing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.EquivalentAddressGroup;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressListNameResolverProviderTest {

  @Test
  void eachReplicaIsAnAddressGroupOfItsOwn() {
    List<EquivalentAddressGroup> groups =
        AddressListNameResolverProvider.parse("127.0.0.1:9101, 127.0.0.1:9111", "setting");
    assertThat(groups).hasSize(2);
    InetSocketAddress second = (InetSocketAddress) groups.get(1).getAddresses().get(0);
    assertThat(second.getPort()).isEqualTo(9111);
    assertThat(second.getHostString()).isEqualTo("127.0.0.1");
  }

  @Test
  void anEntryWithoutAPortIsNamedInTheError() {
    assertThatThrownBy(
            () -> AddressListNameResolverProvider.parse("127.0.0.1:9101,localhost", "setting"))
        .hasMessageContaining("setting")
        .hasMessageContaining("'localhost' is not host:port");
    assertThatThrownBy(() -> AddressListNameResolverProvider.parse("a:b", "setting"))
        .hasMessageContaining("no port number");
  }
}
