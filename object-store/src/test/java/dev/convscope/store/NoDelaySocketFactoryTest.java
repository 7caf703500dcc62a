package dev.convscope.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class NoDelaySocketFactoryTest {

  @Test
  void everyWayOfMakingASocketTurnsNaglesAlgorithmOff() throws Exception {
    NoDelaySocketFactory factory = new NoDelaySocketFactory();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 10, loopback)) {
      int port = server.getLocalPort();
      try (Socket unconnected = factory.createSocket();
          Socket byName = factory.createSocket("127.0.0.1", port);
          Socket byNameFromLocal = factory.createSocket("127.0.0.1", port, loopback, 0);
          Socket byAddress = factory.createSocket(loopback, port);
          Socket byAddressFromLocal = factory.createSocket(loopback, port, loopback, 0)) {
        unconnected.connect(new InetSocketAddress(loopback, port)); // as OkHttp connects
        for (Socket socket :
            new Socket[] {unconnected, byName, byNameFromLocal, byAddress, byAddressFromLocal}) {
          assertTrue(socket.getTcpNoDelay(), socket + " has Nagle's algorithm on");
        }
      }
    }
  }
}
