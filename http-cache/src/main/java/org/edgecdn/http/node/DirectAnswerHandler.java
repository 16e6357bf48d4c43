package org.edgecdn.http.node;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.net.impl.ShutdownEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers the requests of one HTTP/1.1 client connection to the node's {@link DirectAnswers}
 * before Vert.x's HTTP server sees them, and writes the answers it gets on the channel.
 *
 * <p>It sits behind the HTTP/1 decoder, just before Vert.x's connection handler, so it sees the
 * decoded requests coming in and Vert.x's own responses going out. A request is offered only
 * when Vert.x has ended its response to every request it was handed on this connection
 * (answers to pipelined requests must go out in their order), when it is a whole head the
 * decoder accepted, and while the channel is writable (a client that does not read its answers
 * meets Vert.x's back-pressure instead). An answered request, and the empty end that follows
 * its head, never reach Vert.x. The answer is written below Vert.x's encoder, already encoded,
 * and flushed when the read is done, as Vert.x flushes its own; requests pipelined in one read
 * go out in one write. A 101 (a tunnel) or a graceful stop turns the handler off for good.
 *
 * <p>The connection's head deadline, when it has one, saw the request arrive; it hears of the
 * answer from here, since the answer passes below the handler that watches responses.
 */
final class DirectAnswerHandler extends ChannelDuplexHandler {

  /** The name Vert.x gives its HTTP/1 response encoder in the pipeline. */
  static final String ENCODER = "httpEncoder";

  private static final Logger LOG = LoggerFactory.getLogger(DirectAnswerHandler.class);

  /** The node, as operators name it ({@code edge eu}). */
  private final String label;
  private final DirectAnswers answers;
  /** The connection's head deadline, or null when deadlines are off. */
  private final HeadDeadline deadline;
  private ChannelHandlerContext encoder;
  private String clientAddress;
  /** Requests handed to Vert.x whose final response has not ended. */
  private int inVertx;
  /** The end of a request answered here is still to come, and is not Vert.x's either. */
  private boolean swallowEnd;
  private final ResponseWrites vertxWrites = new ResponseWrites();
  private boolean off;
  private boolean flush;

  DirectAnswerHandler(String label, DirectAnswers answers, HeadDeadline deadline) {
    this.label = label;
    this.answers = answers;
    this.deadline = deadline;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    encoder = ctx.pipeline().context(ENCODER);
    off = encoder == null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (swallowEnd && msg instanceof HttpContent) {
      swallowEnd = !(msg instanceof LastHttpContent);
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      if (!off && inVertx == 0 && request.decoderResult().isSuccess()
          && ctx.channel().isWritable() && answered(ctx, request)) {
        swallowEnd = !(msg instanceof LastHttpContent);
        ReferenceCountUtil.release(msg);
        return;
      }
      inVertx++;
    }
    ctx.fireChannelRead(msg);
  }

  private boolean answered(ChannelHandlerContext ctx, HttpRequest request) {
    DirectAnswers.Answer answer;
    try {
      answer = answers.answer(request, clientAddress(ctx), System.nanoTime());
    } catch (RuntimeException e) {
      // Nothing is written yet: Vert.x's handler takes the request, as for any declined one.
      LOG.warn("{}: a direct answer to {} {} failed, Vert.x answers it: {}", label,
          request.method(), request.uri(), e.toString(), e);
      return false;
    }
    if (answer == null) {
      return false;
    }
    encoder.write(answer.head(), encoder.voidPromise());
    if (answer.body() != null) {
      encoder.write(answer.body(), encoder.voidPromise());
    }
    flush = true;
    if (deadline != null) {
      deadline.answeredHere();
    }
    try {
      answer.written();
    } catch (RuntimeException e) {
      // The answer is out: only its accounting is lost.
      LOG.warn("{}: accounting of a direct answer to {} {} failed: {}", label,
          request.method(), request.uri(), e.toString(), e);
    }
    return true;
  }

  /**
   * A graceful stop (an operator's, or the node's shutdown): Vert.x answers nothing more on
   * this connection and closes it once its own answers are out; so do we, at once.
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ShutdownEvent) {
      off = true;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (flush) {
      flush = false;
      ctx.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (vertxWrites.endsFinal(msg) && inVertx > 0) {
      inVertx--;
    }
    off |= vertxWrites.upgraded();
    ctx.write(msg, promise);
  }

  /** As Vert.x's {@code remoteAddress().hostAddress()} gives it, once per connection. */
  private String clientAddress(ChannelHandlerContext ctx) {
    if (clientAddress == null) {
      SocketAddress remote = ctx.channel().remoteAddress();
      clientAddress = remote instanceof InetSocketAddress inet && inet.getAddress() != null
          ? inet.getAddress().getHostAddress() : "unknown";
    }
    return clientAddress;
  }
}
