package org.edgecdn.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.UncheckedBooleanSupplier;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over UDP on Netty's native epoll transport, reading and writing datagrams in batches.
 * Used when the system property {@value UdpListener#TRANSPORT_PROPERTY} is {@code epoll}; not
 * the default, since it did not measure faster than {@link NioUdpListener} (below).
 *
 * <h2>Why</h2>
 * {@link NioUdpListener} makes two system calls per query ({@code recvfrom}, {@code sendto}),
 * and its two threads contend for the channel's read lock. Linux can move many datagrams per
 * call: {@code recvmmsg(2)} fills up to {@value #BATCH} buffers at once and {@code sendmmsg(2)}
 * sends a list of replies at once. The JDK offers neither; Netty's
 * {@link EpollDatagramChannel} does, when
 * <ul>
 *   <li>{@link EpollChannelOption#MAX_DATAGRAM_PAYLOAD_SIZE} is set and the buffer handed to a
 *       read holds several such datagrams: it is cut into slots of that size, one per datagram
 *       ({@link Batches});
 *   <li>several messages wait in the channel's outbound buffer when it is flushed: the replies
 *       of one read are written with a void promise (no future per packet) and flushed once, in
 *       {@code channelReadComplete}.
 * </ul>
 * The slot size is {@link UdpListener#MAX_DATAGRAM}, so no query is ever cut short, as with the
 * NIO listener; a slot costs address space in the pooled buffer, not copying (the kernel copies
 * only the bytes received). A read stops after a batch that was not full: the socket is then
 * empty, and the replies go out before the next {@code epoll_wait}.
 *
 * <h2>Threads and sockets</h2>
 * An event loop group of {@link DnsOptions#udpThreads()} threads of its own (never a Vert.x
 * event loop), each serving one socket. With more than one thread every socket is bound with
 * {@code SO_REUSEPORT} to the same address, and the kernel spreads clients over them by a hash
 * of their address and port: a single client socket (such as {@code dnsperf -c 1}) always lands
 * on one socket, so one thread. The port is first bound without that option and released
 * ({@link #claim}), so that a port already served, by us or anyone, is reported in use rather
 * than shared. Each query is answered on the thread that read it; the reply goes to the
 * sender address the read returned, never resolved.
 *
 * <h2>What it measured</h2>
 * Under {@code dnsperf -q 100 -c 1} (the shape of {@code cdn bench dns}) at about 210k qps, a
 * read took 26 datagrams on average: in 5 s, 1.05M queries came in with 39.9k {@code recvmmsg}
 * and left with 38.3k {@code sendmmsg} (perf stat of the syscall tracepoints). The serving thread
 * then spent about 70% of its time in the kernel, in the loopback UDP path itself (socket
 * lookup, skb allocation, routing, the receive queue of the other end), which batching does not
 * shrink; the rest is user space (answering, and Netty's JNI work per packet). In
 * {@code cdn bench dns} on the shared 2-core machine (both servers pinned to one core) it did
 * not serve more queries per second than the NIO listener (medians of three runs each, ours:
 * 149k against 199k qps), and its latency at a fixed 20k qps was not steadily lower either. A
 * guess to test on a quiet machine: batches of about 30 replies make the closed loop of
 * {@code dnsperf -q 100} lumpy, so that a smaller {@link #BATCH} might do better. Figures:
 * {@code docs/performance.md}, "DNS".
 *
 * <p>{@link #close()} closes the sockets and shuts the event loop group down, waiting briefly
 * for its threads to end.
 */
final class EpollUdpListener implements UdpListener {

  private static final Logger log = LoggerFactory.getLogger(EpollUdpListener.class);

  /** Datagrams read by one {@code recvmmsg}, and at most replies sent by one flush. */
  static final int BATCH = 32;

  /** How long {@link #close()} waits for the sockets to close and the threads to end. */
  private static final long CLOSE_MILLIS = 2_000;

  private final String name;
  private final EventLoopGroup group;
  private final Named threads;
  private final List<Channel> channels;

  private EpollUdpListener(String name, EventLoopGroup group, Named threads,
      List<Channel> channels) {
    this.name = name;
    this.group = group;
    this.threads = threads;
    this.channels = channels;
  }

  static boolean isAvailable() {
    return Epoll.isAvailable();
  }

  static Throwable unavailabilityCause() {
    return Epoll.unavailabilityCause();
  }

  /**
   * Binds {@code threads} sockets to {@code address} (with port 0 the first picks the port, the
   * others take the same), each on a thread of its own; nothing is read until {@link #start}.
   */
  static EpollUdpListener bind(String name, InetSocketAddress address, int threads)
      throws IOException {
    Named named = new Named(name);
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(threads, named, EpollIoHandler.newFactory());
    SocketProtocolFamily family =
        address.getAddress() instanceof Inet6Address
            ? SocketProtocolFamily.INET6
            : SocketProtocolFamily.INET;
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channelFactory(() -> new EpollDatagramChannel(family))
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .option(ChannelOption.RCVBUF_ALLOCATOR, new Batches())
            .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
            .option(EpollChannelOption.SO_REUSEPORT, threads > 1)
            .handler(new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel channel) {
                // The answering handler is added by start().
              }
            });
    List<Channel> channels = new ArrayList<>();
    EpollUdpListener listener = new EpollUdpListener(name, group, named, channels);
    try {
      InetSocketAddress at = threads > 1 ? claim(address) : address;
      for (int i = 0; i < threads; i++) {
        ChannelFuture bound = bootstrap.bind(at).awaitUninterruptibly();
        if (!bound.isSuccess()) {
          throw bindFailure(bound.cause());
        }
        channels.add(bound.channel());
        at = new InetSocketAddress(address.getAddress(), listener.port());
      }
    } catch (IOException | RuntimeException e) {
      listener.close();
      throw e;
    }
    return listener;
  }

  @Override
  public String transport() {
    return "epoll";
  }

  @Override
  public int port() {
    return ((InetSocketAddress) channels.get(0).localAddress()).getPort();
  }

  @Override
  public void start(Answerer answerer) {
    for (Channel channel : channels) {
      channel.pipeline().addLast(new Answering(name, answerer));
      channel.config().setAutoRead(true);
    }
  }

  @Override
  public void close() {
    for (Channel channel : channels) {
      if (!channel.close().awaitUninterruptibly(CLOSE_MILLIS)) {
        log.warn("DNS {}: a udp socket did not close within {} ms", name, CLOSE_MILLIS);
      }
    }
    if (!group.shutdownGracefully(0, CLOSE_MILLIS, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(CLOSE_MILLIS)) {
      log.warn("DNS {}: the udp threads did not stop within {} ms", name, CLOSE_MILLIS);
    }
    // The group reports its end from its threads' last task, a moment before they exit:
    // closed means the threads are gone too (UdpListenerTest saw one still alive).
    for (Thread thread : threads.started()) {
      try {
        thread.join(CLOSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * The address with the port to bind the {@code SO_REUSEPORT} sockets to, found free by binding
   * a socket without that option first. Without this check a second server of the same user
   * could join our sockets' group on a port it asked for, and share the queries silently; with
   * it, the port is reported in use, as for the NIO listener.
   */
  private static InetSocketAddress claim(InetSocketAddress address) throws IOException {
    try (DatagramChannel probe = DatagramChannel.open(
        address.getAddress() instanceof Inet6Address
            ? StandardProtocolFamily.INET6
            : StandardProtocolFamily.INET)) {
      probe.bind(address);
      return (InetSocketAddress) probe.getLocalAddress();
    }
  }

  /**
   * Netty reports a taken port as an IOException naming errno; it becomes the
   * {@link BindException} that the JDK throws (as the root cause, which callers look for).
   */
  private static IOException bindFailure(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    if (message.contains("Address already in use")) {
      return new BindException(message);
    }
    return cause instanceof IOException io ? io : new IOException(message, cause);
  }

  /**
   * One buffer of {@value #BATCH} slots per read ({@code recvmmsg} fills one slot per datagram),
   * a read of at most {@value #BATCH} datagrams per wake-up, and no second read when the first
   * found fewer datagrams than slots.
   */
  private static final class Batches extends DefaultMaxMessagesRecvByteBufAllocator {

    Batches() {
      super(BATCH);
    }

    @Override
    public Handle newHandle() {
      return new MaxMessageHandle() {
        private final UncheckedBooleanSupplier batchWasFull =
            () -> attemptedBytesRead() == lastBytesRead();

        @Override
        public int guess() {
          return BATCH * MAX_DATAGRAM;
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
          return super.continueReading(batchWasFull);
        }
      };
    }
  }

  /** Answers each datagram on the thread that read it; flushes the replies once per read. */
  private static final class Answering extends ChannelInboundHandlerAdapter {

    private final String name;
    private final Answerer answerer;

    Answering(String name, Answerer answerer) {
      this.name = name;
      this.answerer = answerer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      DatagramPacket packet = (DatagramPacket) msg;
      InetSocketAddress sender = packet.sender();
      byte[] query;
      try {
        query = ByteBufUtil.getBytes(packet.content());
      } finally {
        packet.release();
      }
      byte[] reply;
      try {
        reply = answerer.answer(query, sender);
      } catch (RuntimeException e) {
        log.error("DNS {}: failed to answer a udp message from {}", name, sender, e);
        return;
      }
      if (reply == null) {
        return;
      }
      if (!ctx.channel().isWritable()) {
        // The socket's send buffer is full and replies are queueing in memory: drop, as the
        // kernel drops a datagram it has no room for.
        log.debug("DNS {}: udp send queue full, reply to {} dropped", name, sender);
        return;
      }
      ByteBuf out = ctx.alloc().directBuffer(reply.length, reply.length).writeBytes(reply);
      ctx.write(new DatagramPacket(out, sender), ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("DNS {} udp error: {}", name, cause.toString());
    }
  }

  /** Names the threads {@code dns-<name>-udp-<i>}, daemons, as the NIO listener does. */
  private static final class Named implements ThreadFactory {

    private final String name;
    private final AtomicInteger next = new AtomicInteger();
    private final List<Thread> started = new CopyOnWriteArrayList<>();

    Named(String name) {
      this.name = name;
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread thread =
          new FastThreadLocalThread(task, "dns-" + name + "-udp-" + next.getAndIncrement());
      thread.setDaemon(true);
      started.add(thread);
      return thread;
    }

    List<Thread> started() {
      return started;
    }
  }
}
