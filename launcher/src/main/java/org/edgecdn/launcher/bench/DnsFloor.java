package org.edgecdn.launcher.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor of {@code cdn bench dns}: a UDP answerer in this JVM that does no DNS work at all. It
 * replays replies captured from our server before the load, so each query costs a
 * {@code receive}, a comparison of its question with the few known ones, a copy of the prebuilt
 * reply with the query's ID, and a {@code send}: what any server on a Java
 * {@link DatagramChannel} must do at the least.
 *
 * <p>Why it exists: under dnsperf on a small machine the load generator and the kernel's
 * loopback path can cap the queries per second that any server reaches. Run beside ours and
 * PowerDNS, the floor shows that cap. When the floor is no faster than ours, the answering code
 * is not what limits the figure. Its socket layer is the one {@code NioUdpListener} uses (a
 * blocking channel shared by the same number of threads), so ours over the floor is the cost of
 * answering.
 *
 * <p>A question it does not know is dropped: dnsperf counts it as lost, which the table shows.
 */
final class DnsFloor implements AutoCloseable {

  /** A header is 12 bytes; a question's name then type and class. */
  private static final int HEADER = 12;
  private static final int MAX_DATAGRAM = 65_535;
  private static final int RD_BIT = 0x01;

  private final DatagramChannel channel;
  private final List<byte[]> replies;
  private final List<Thread> threads = new ArrayList<>();

  private DnsFloor(DatagramChannel channel, List<byte[]> replies) {
    this.channel = channel;
    this.replies = replies;
  }

  /**
   * Binds 127.0.0.1 on a free port and starts {@code threadCount} threads that answer each query
   * whose question matches one of {@code replies} with that reply.
   */
  static DnsFloor start(List<byte[]> replies, int threadCount) throws IOException {
    if (replies.isEmpty()) {
      throw new IllegalArgumentException("the floor needs at least one reply to replay");
    }
    for (byte[] reply : replies) {
      if (questionEnd(ByteBuffer.wrap(reply), reply.length) < 0) {
        throw new IllegalArgumentException("a reply to replay has no plain question");
      }
    }
    DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
    try {
      channel.bind(new InetSocketAddress("127.0.0.1", 0));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    DnsFloor floor = new DnsFloor(channel, List.copyOf(replies));
    for (int i = 0; i < threadCount; i++) {
      Thread thread = new Thread(floor::serve, "bench-dns-floor-" + i);
      thread.setDaemon(true);
      floor.threads.add(thread);
      thread.start();
    }
    return floor;
  }

  int port() throws IOException {
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  private void serve() {
    ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    ByteBuffer out = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    ByteBuffer[] prebuilt = replies.stream().map(ByteBuffer::wrap).toArray(ByteBuffer[]::new);
    while (true) {
      SocketAddress from;
      try {
        in.clear();
        from = channel.receive(in);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!channel.isOpen()) {
          return;
        }
        continue;
      }
      int length = in.position();
      int end = questionEnd(in, length);
      ByteBuffer reply = end < 0 ? null : match(in, end, prebuilt);
      if (reply == null) {
        continue;
      }
      out.clear();
      out.put(reply.duplicate().clear());
      out.put(0, in.get(0)).put(1, in.get(1)); // the query's ID
      out.put(2, (byte) ((out.get(2) & ~RD_BIT) | (in.get(2) & RD_BIT)));
      out.flip();
      try {
        channel.send(out, from);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        // A reply that cannot be sent is a lost query in dnsperf's count.
      }
    }
  }

  /** The prebuilt reply whose question is the query's, bytes {@code [12, end)}, or null. */
  private static ByteBuffer match(ByteBuffer query, int end, ByteBuffer[] prebuilt) {
    for (ByteBuffer reply : prebuilt) {
      if (reply.capacity() >= end
          && query.slice(HEADER, end - HEADER).equals(reply.slice(HEADER, end - HEADER))) {
        return reply;
      }
    }
    return null;
  }

  /**
   * Where the first question of a message of {@code length} bytes ends (after its type and
   * class), or -1 when the message is too short or its name is not a plain run of labels. Not
   * our server's {@code PlainQuery}: the floor must run none of the code it is compared with.
   */
  static int questionEnd(ByteBuffer message, int length) {
    int at = HEADER;
    while (at < length) {
      int label = message.get(at) & 0xff;
      if (label == 0) {
        return at + 5 <= length ? at + 5 : -1;
      }
      if (label > 63) {
        return -1; // a compression pointer or a reserved label type: not a plain question
      }
      at += label + 1;
    }
    return -1;
  }

  /** Closes the channel, which ends the threads' receives. */
  @Override
  public void close() throws IOException {
    channel.close();
    for (Thread thread : threads) {
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
