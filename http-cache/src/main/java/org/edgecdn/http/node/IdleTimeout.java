package org.edgecdn.http.node;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP/1 client connection on which nothing has moved for the idle timeout: no byte
 * read, nothing written, and no progress in sending what was written. It stands in for the
 * all-idle {@code IdleStateHandler} Vert.x gives each connection, which on a hit cost far more
 * than its job: it reads the clock on every read, and for every write swaps the caller's void
 * promise for a real one and listens on it, 3-4% of the event loop on direct hits (perf; A/B
 * runs of {@code cdn bench hits} gave 0-6% less CPU a 1 KiB hit and 7-10% a 16 KiB hit,
 * docs/performance.md).
 *
 * <p>Here a read or a write only sets a flag. A check runs {@value #CHECKS_PER_TIMEOUT} times
 * per timeout: it clears the flag, and also counts as movement any change in what is still
 * being sent (the message at the head of the outbound buffer, how far into it the socket has
 * taken bytes, the bytes pending), as Netty's {@code observeOutput} does, so a large body going
 * out slowly is not cut while it progresses. After
 * {@value #CHECKS_PER_TIMEOUT} quiet checks in a row the connection is idle: it is closed between
 * one timeout and one timeout and an eighth after the last movement. Vert.x closes the
 * connection on the {@link IdleStateEvent} this fires, as on its own handler's.
 *
 * <p>Unlike Netty's handler, a body still being sent counts as movement while bytes leave: a
 * download slower than the timeout is not cut half-way, and a client that stops reading is
 * (nginx's {@code send_timeout} works the same way, between two successful writes).
 */
final class IdleTimeout extends ChannelDuplexHandler {

  /** Checks per timeout: the close comes at most this fraction of a timeout late. */
  static final int CHECKS_PER_TIMEOUT = 8;

  private final long periodNanos;
  private boolean moved;
  /** What was being sent at the last check: see {@link #outputMoved}. */
  private int lastMessage;
  private long lastProgress;
  private long lastPending;
  private int quietChecks;
  private boolean fired;
  private ScheduledFuture<?> check;

  IdleTimeout(long timeout, TimeUnit unit) {
    long nanos = unit.toNanos(timeout);
    if (nanos <= 0) {
      throw new IllegalArgumentException("an idle timeout must be positive: " + nanos + " ns");
    }
    this.periodNanos = Math.max(1, nanos / CHECKS_PER_TIMEOUT);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
      start(ctx);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    stop();
  }

  @Override
  public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
    super.channelRegistered(ctx);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    start(ctx);
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    stop();
    super.channelInactive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    moved = true;
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    moved = true;
    ctx.write(msg, promise);
  }

  private void start(ChannelHandlerContext ctx) {
    if (check == null) {
      schedule(ctx);
    }
  }

  private void stop() {
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }

  private void schedule(ChannelHandlerContext ctx) {
    check = ctx.executor().schedule(() -> check(ctx), periodNanos, TimeUnit.NANOSECONDS);
  }

  private void check(ChannelHandlerContext ctx) {
    if (check == null || !ctx.channel().isOpen()) {
      return;
    }
    // Always asked: it remembers what it saw for the next check.
    boolean outputMoved = outputMoved(ctx);
    if (moved || outputMoved) {
      moved = false;
      quietChecks = 0;
      fired = false;
    } else if (++quietChecks >= CHECKS_PER_TIMEOUT) {
      quietChecks = 0;
      ctx.fireUserEventTriggered(fired
          ? IdleStateEvent.ALL_IDLE_STATE_EVENT : IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT);
      fired = true;
    }
    if (check != null) {
      schedule(ctx);
    }
  }

  /**
   * Whether the socket took bytes since the last check. A body is written as one buffer, and
   * the pending bytes only drop once it has gone whole, so the progress within the buffer
   * counts too; the message is compared by its identity hash, to hold no reference to it.
   */
  private boolean outputMoved(ChannelHandlerContext ctx) {
    ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
    if (buffer == null) {
      return false;
    }
    int message = System.identityHashCode(buffer.current());
    long progress = buffer.currentProgress();
    long pending = buffer.totalPendingWriteBytes();
    boolean changed =
        message != lastMessage || progress != lastProgress || pending != lastPending;
    lastMessage = message;
    lastProgress = progress;
    lastPending = pending;
    return changed;
  }
}
