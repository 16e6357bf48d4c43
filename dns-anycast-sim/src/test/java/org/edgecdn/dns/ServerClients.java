package org.edgecdn.dns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;

/**
 * Clients of a running {@link GeoDnsServer} on 127.0.0.1: dnsjava's resolver, raw UDP and raw TCP
 * sockets bound to a chosen loopback address (127.0.1.x is New York, 127.0.2.x Paris, 127.0.3.x
 * Tokyo in the demo network). Every wait is bounded by {@link #TIMEOUT}.
 */
final class ServerClients {

  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private ServerClients() {}

  static SimpleResolver resolver(int port, String localAddress, boolean tcp) {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
    resolver.setLocalAddress(new InetSocketAddress(localAddress, 0));
    resolver.setTCP(tcp);
    resolver.setTimeout(TIMEOUT);
    return resolver;
  }

  static Message query(String name, int type) {
    try {
      return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** {@code query} with an OPT record of EDNS {@code version} and {@code payloadSize}. */
  static Message withEdns(Message query, int payloadSize, int version, EDNSOption... options) {
    query.addRecord(new OPTRecord(payloadSize, 0, version, 0, List.of(options)),
        Section.ADDITIONAL);
    return query;
  }

  /** A TCP connection to the server from {@code localAddress}, reads bounded by TIMEOUT. */
  static Socket tcp(int port, String localAddress) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(localAddress, 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
    socket.setSoTimeout((int) TIMEOUT.toMillis());
    return socket;
  }

  /** {@code message} with its two-byte length prefix, as sent over TCP. */
  static byte[] framed(byte[] message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(message.length >> 8);
    out.write(message.length);
    out.write(message, 0, message.length);
    return out.toByteArray();
  }

  /**
   * Sends each datagram from {@code localAddress} in order, then collects replies by ID until
   * the reply with {@code lastId} arrives. With one UDP thread on the server, the replies to the
   * earlier datagrams (if any) have arrived by then too.
   */
  static Map<Integer, Message> udpUntil(int port, String localAddress, int lastId,
      byte[]... datagrams) throws IOException {
    Map<Integer, Message> replies = new LinkedHashMap<>();
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(localAddress, 0))) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
      for (byte[] datagram : datagrams) {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
      }
      while (!replies.containsKey(lastId)) {
        DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
        socket.receive(packet);
        byte[] wire = Arrays.copyOf(packet.getData(), packet.getLength());
        replies.put(((wire[0] & 0xff) << 8) | (wire[1] & 0xff), new Message(wire));
      }
    }
    return replies;
  }

  /** {@code query} with ID {@code id}, as bytes. */
  static byte[] wire(Message query, int id) {
    query.getHeader().setID(id);
    return query.toWire();
  }
}
