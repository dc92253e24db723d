package io.gallium.net.linux.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A UDP socket that lives in a test namespace: created on a short-lived thread that entered the
 * namespace (a socket stays in the namespace it was made in, whichever thread uses it later), so a
 * test sends and receives real frames between namespaces without {@code ping} or packet sockets.
 */
public final class UdpInNamespace implements AutoCloseable {
  private final DatagramSocket socket;

  private UdpInNamespace(DatagramSocket socket) {
    this.socket = socket;
  }

  /**
   * A socket in {@code ns} bound to {@code address:port} (address null: any), broadcasts allowed.
   */
  public static UdpInNamespace bind(TestNamespace ns, String address, int port) {
    return new UdpInNamespace(
        InNamespace.call(
            ns,
            () -> {
              DatagramSocket s = new DatagramSocket(null);
              s.setReuseAddress(true);
              s.setBroadcast(true);
              s.bind(
                  address == null
                      ? new InetSocketAddress(port)
                      : new InetSocketAddress(InetAddress.getByName(address), port));
              return s;
            }));
  }

  /** Sends {@code text} to {@code address:port}. */
  public void send(String address, int port, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(address), port));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send to " + address + ":" + port, e);
    }
  }

  /** The next datagram's text, or null when none arrives within {@code millis}. */
  public String receive(int millis) {
    byte[] buffer = new byte[1500];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    try {
      socket.setSoTimeout(millis);
      socket.receive(packet);
      return new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Receives until {@code text} arrives (other datagrams, e.g. late retries, are skipped), or fails
   * after {@code millis} in all.
   */
  public void await(String text, int millis) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (true) {
      int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
      String got = left > 0 ? receive(left) : null;
      if (got == null) {
        throw new AssertionError("\"" + text + "\" did not arrive within " + millis + " ms");
      }
      if (got.equals(text)) {
        return;
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
