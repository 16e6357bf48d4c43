package org.edgecdn.http.node;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time a client connection may take to deliver a request head, and a request body once it
 * has started (nginx's {@code client_header_timeout} and {@code client_body_timeout}): without
 * it, a client trickling a head a byte at a time holds a connection forever, since every byte
 * resets the idle timeout.
 *
 * <p>Two Netty handlers share this state, all on the connection's event loop: this one, first
 * in the pipeline from the moment the connection is accepted (it sees raw bytes, before Vert.x
 * has even decided between HTTP/1 and HTTP/2), and an {@link #observer} added behind the HTTP/1
 * decoder once Vert.x has made the connection HTTP/1 (it sees decoded heads and the ends of
 * requests and responses). An HTTP/2 connection turns the deadline {@link #off}, as does an
 * upgrade to a tunnel (101).
 *
 * <p>The head clock runs from the accept, and on a kept-alive connection from the first byte
 * of the next head: a connection idle between requests is the idle timeout's (75 s), not this.
 * Each connection gets one timer when it is accepted (for its first head); after that its cost
 * on a hit is a field test per read: a timer is armed only when a read leaves a head (or a
 * body) incomplete, which a head sent at once never does.
 */
final class HeadDeadline extends ChannelDuplexHandler {

  /** What a deadline closed: a head, or a request body that stopped arriving. */
  enum Cut { HEAD, BODY }

  /** Hears of every connection closed by a deadline. */
  interface Listener {
    void closed(Cut cut, ChannelHandlerContext ctx);
  }

  private static final byte[] TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\n"
      + "Connection: close\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

  /**
   * The HTTP/2 connection preface (RFC 9113 §3.4), whose first bytes look like an HTTP/1 head:
   * a connection cut while still sending it gets no HTTP/1 answer.
   */
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private enum State { HEAD, BUSY, IDLE, OFF }

  private final long timeoutNanos;
  private final Listener listener;
  private ChannelHandlerContext ctx;
  private State state = State.HEAD;
  /** When the current head's clock started; meaningful in HEAD while {@link #clock} is set. */
  private long headStart;
  private boolean clock;
  /** Some bytes of the current head have been read. */
  private boolean headBytes;
  /**
   * Bytes of the connection's first head that matched {@link #PREFACE} so far; -1 once one did
   * not (or past the first head).
   */
  private int prefaceMatched;
  /** Requests whose final response has not ended (HTTP/1.1 pipelining may hold several). */
  private int unanswered;
  /** The latest request's body has been read to its end. */
  private boolean bodyDone = true;
  /** When the latest request's body last delivered bytes. */
  private long bodyRead;
  /** A final response to the latest request has started. */
  private boolean answering;
  /** What Vert.x has written, as the observer sees it. */
  private final ResponseWrites writes = new ResponseWrites();
  private ScheduledFuture<?> timer;

  HeadDeadline(long timeoutNanos, Listener listener) {
    this.timeoutNanos = timeoutNanos;
    this.listener = listener;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (state == State.HEAD && !clock) {
      headStart = System.nanoTime();
      clock = true;
      arm(timeoutNanos);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (state != State.OFF && msg instanceof ByteBuf bytes && bytes.isReadable()) {
      if (state == State.IDLE) {
        state = State.HEAD;
        clock = false;
      }
      if (state == State.HEAD) {
        headBytes = true;
        if (prefaceMatched >= 0) {
          matchPreface(bytes);
        }
      } else if (!bodyDone) {
        bodyRead = System.nanoTime();
      }
    }
    ctx.fireChannelRead(msg);
    // Whatever the decoder made of those bytes has been seen by now: only a head or body left
    // incomplete needs a clock.
    if (state == State.HEAD && !clock) {
      headStart = System.nanoTime();
      clock = true;
    }
    if (timer == null && (state == State.HEAD || state == State.BUSY && !bodyDone)) {
      if (state == State.BUSY) {
        bodyRead = System.nanoTime();
      }
      arm(timeoutNanos);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    off();
    ctx.fireChannelInactive();
  }

  /** Stops the deadline for good: HTTP/2 and tunnels have their own lives. */
  void off() {
    state = State.OFF;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  /** The handler to put behind the HTTP/1 decoder of this connection. */
  ChannelDuplexHandler observer() {
    return new ChannelDuplexHandler() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state != State.OFF) {
          if (msg instanceof HttpRequest) {
            state = State.BUSY;
            unanswered++;
            bodyDone = false;
            answering = false;
          }
          if (msg instanceof LastHttpContent) {
            bodyDone = true;
            settle();
          }
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (state != State.OFF) {
          boolean ended = writes.endsFinal(msg);
          answering |= writes.startsFinal(msg);
          if (writes.upgraded()) {
            off();
          } else if (ended) {
            unanswered = Math.max(0, unanswered - 1);
            settle();
          }
        }
        ctx.write(msg, promise);
      }
    };
  }

  /**
   * The latest request was answered below the observer ({@link DirectAnswerHandler}), which
   * therefore never saw that answer go out.
   */
  void answeredHere() {
    if (state != State.OFF) {
      answering = true;
      unanswered = Math.max(0, unanswered - 1);
      settle();
    }
  }

  /** Follows the connection's first bytes along the HTTP/2 preface, without consuming them. */
  private void matchPreface(ByteBuf bytes) {
    int at = bytes.readerIndex();
    int end = bytes.writerIndex();
    while (at < end && prefaceMatched < PREFACE.length) {
      if (bytes.getByte(at++) != PREFACE[prefaceMatched]) {
        prefaceMatched = -1;
        return;
      }
      prefaceMatched++;
    }
  }

  private void settle() {
    if (state == State.BUSY && bodyDone && unanswered == 0) {
      state = State.IDLE;
      headBytes = false;
      prefaceMatched = -1;
    }
  }

  private void arm(long delayNanos) {
    timer = ctx.executor().schedule(this::expire, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void expire() {
    timer = null;
    long now = System.nanoTime();
    if (state == State.HEAD && clock) {
      long left = headStart + timeoutNanos - now;
      if (left > 0) {
        arm(left);
      } else {
        // A head begun gets a 408, but not a half-sent HTTP/2 preface: an HTTP/2 client would
        // read those bytes as a broken frame.
        cut(Cut.HEAD, headBytes && prefaceMatched <= 0);
      }
    } else if (state == State.BUSY && !bodyDone) {
      if (!ctx.channel().config().isAutoRead()) {
        // Vert.x stopped reading (back-pressure from upstream): the silence is ours.
        bodyRead = now;
      }
      long left = bodyRead + timeoutNanos - now;
      if (left > 0) {
        arm(left);
      } else {
        cut(Cut.BODY, !answering);
      }
    }
  }

  private void cut(Cut cut, boolean answer) {
    listener.closed(cut, ctx);
    off();
    if (answer) {
      // Written from the head of the pipeline, past Vert.x's encoder: nothing else of this
      // exchange will be written, the connection closes behind it.
      ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }
}
