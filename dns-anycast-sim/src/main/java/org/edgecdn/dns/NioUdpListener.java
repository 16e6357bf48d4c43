package org.edgecdn.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over UDP on a plain NIO {@link DatagramChannel} in blocking mode, served by a few dedicated
 * daemon threads, each looping over {@code receive}, answer, {@code send}: the fallback where
 * Netty's native epoll transport is not available (see {@link EpollUdpListener}).
 *
 * <p>Why not the Vert.x datagram socket: measured under dnsperf, its send path (Netty pipeline,
 * a copy into a pooled direct buffer, a promise per packet, and the reply address given as a
 * host string that is resolved again for every packet) took almost half of the one event loop
 * that served UDP. Here each thread reuses one direct buffer for receiving and one for sending,
 * and replies to the {@link SocketAddress} that {@code receive} returned. A query costs one copy
 * into the {@code byte[]} dnsjava parses and one copy of the reply out.
 *
 * <p>The channel's receive is serialized by the JDK (a read lock), as is its send (a write
 * lock): with two threads one receives while the other answers and sends. More than that buys
 * nothing on one channel; SO_REUSEPORT, which would give each thread its own socket, is not
 * offered for {@code DatagramChannel} by Java 17.
 *
 * <p>{@link #close()} closes the channel, which wakes a blocked {@code receive} with an
 * {@link java.nio.channels.AsynchronousCloseException}; the threads then end quietly.
 */
final class NioUdpListener implements UdpListener {

  private static final Logger log = LoggerFactory.getLogger(NioUdpListener.class);

  /** How long {@link #close()} waits for each thread to end. */
  private static final long JOIN_MILLIS = 2_000;

  private final String name;
  private final DatagramChannel channel;
  private final int threadCount;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closing;

  private NioUdpListener(String name, DatagramChannel channel, int threadCount) {
    this.name = name;
    this.channel = channel;
    this.threadCount = threadCount;
  }

  /**
   * Binds a channel to {@code address}; nothing is received until {@link #start}. Throws
   * {@link java.net.BindException} when the address is taken.
   */
  static NioUdpListener bind(String name, InetSocketAddress address, int threads)
      throws IOException {
    StandardProtocolFamily family =
        address.getAddress() instanceof java.net.Inet6Address
            ? StandardProtocolFamily.INET6
            : StandardProtocolFamily.INET;
    DatagramChannel channel = DatagramChannel.open(family);
    try {
      channel.bind(address);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new NioUdpListener(name, channel, threads);
  }

  @Override
  public String transport() {
    return "nio";
  }

  /** The port the channel is bound to. */
  @Override
  public int port() {
    try {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new IllegalStateException("DNS " + name + ": udp channel is closed", e);
    }
  }

  /** Starts the threads, each answering with {@code answerer}. */
  @Override
  public void start(Answerer answerer) {
    for (int i = 0; i < threadCount; i++) {
      Thread thread = new Thread(() -> serve(answerer), "dns-" + name + "-udp-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  private void serve(Answerer answerer) {
    ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    ByteBuffer out = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    while (!closing) {
      SocketAddress from;
      try {
        in.clear();
        from = channel.receive(in);
      } catch (ClosedChannelException e) {
        return; // closed by close(), or interrupted
      } catch (IOException e) {
        if (!channel.isOpen()) {
          return;
        }
        log.debug("DNS {} udp receive failed: {}", name, e.toString());
        continue;
      }
      if (!(from instanceof InetSocketAddress sender)) {
        continue;
      }
      in.flip();
      byte[] query = new byte[in.remaining()];
      in.get(query);
      byte[] reply;
      try {
        reply = answerer.answer(query, sender);
      } catch (RuntimeException e) {
        log.error("DNS {}: failed to answer a udp message from {}", name, sender, e);
        continue;
      }
      if (reply == null) {
        continue;
      }
      out.clear();
      out.put(reply).flip();
      try {
        channel.send(out, sender);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        log.debug("DNS {} udp reply to {} failed: {}", name, sender, e.toString());
      }
    }
  }

  /** Closes the channel and waits briefly for the threads to end. */
  @Override
  public void close() {
    closing = true;
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("DNS {}: closing the udp channel failed: {}", name, e.toString());
    }
    for (Thread thread : threads) {
      if (thread == Thread.currentThread()) {
        continue;
      }
      try {
        thread.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (thread.isAlive()) {
        log.warn("DNS {}: {} did not stop within {} ms", name, thread.getName(), JOIN_MILLIS);
      }
    }
  }
}
