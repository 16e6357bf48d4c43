package org.edgecdn.http.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.net.impl.ShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The channel-side half of direct answers: which requests are offered, that an answered
 * request never reaches Vert.x, and that answers keep the order of pipelined requests. The
 * pipeline is Vert.x's (decoder, encoder, handler) on an embedded channel, with a stand-in for
 * Vert.x's handler that records what reaches it and answers when told.
 */
class DirectAnswerHandlerTest {

  /** Answers every offered request whose target starts with /hit, and records the offers. */
  private final List<String> offered = new ArrayList<>();
  private final List<String> accounted = new ArrayList<>();
  /** What reached the stand-in for Vert.x's handler. */
  private final List<String> inVertx = new ArrayList<>();
  private EmbeddedChannel channel;

  @BeforeEach
  void pipeline() {
    DirectAnswers answers = (request, client, arrived) -> {
      offered.add(request.uri());
      if (!request.uri().startsWith("/hit")) {
        return null;
      }
      String uri = request.uri();
      return new DirectAnswers.Answer() {
        @Override
        public ByteBuf head() {
          return ascii("HTTP/1.1 200 OK\r\nContent-Length: " + uri.length() + "\r\n\r\n");
        }

        @Override
        public ByteBuf body() {
          return ascii(uri);
        }

        @Override
        public void written() {
          accounted.add(uri);
        }
      };
    };
    channel = new EmbeddedChannel();
    channel.pipeline().addLast("httpDecoder", new HttpRequestDecoder());
    channel.pipeline().addLast(DirectAnswerHandler.ENCODER, new HttpResponseEncoder());
    channel.pipeline().addLast("edgecdn-direct-answers", new DirectAnswerHandler("edge test", answers, null));
    channel.pipeline().addLast("handler", vertxStandIn());
  }

  /** Records what reaches Vert.x's handler. */
  private ChannelInboundHandlerAdapter vertxStandIn() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
          inVertx.add(request.uri());
        } else if (msg instanceof LastHttpContent) {
          inVertx.add("end");
        }
        ReferenceCountUtil.release(msg);
      }
    };
  }

  private static ByteBuf ascii(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
  }

  private void send(String... targets) {
    StringBuilder bytes = new StringBuilder();
    for (String target : targets) {
      bytes.append("GET ").append(target).append(" HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }
    channel.writeInbound(ascii(bytes.toString()));
  }

  /** Vert.x's whole answer to the oldest request it holds. */
  private void vertxAnswers(String body) {
    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.OK, ascii(body));
    response.headers().set("Content-Length", body.length());
    channel.writeAndFlush(response);
  }

  private String written() {
    StringBuilder all = new StringBuilder();
    for (Object out; (out = channel.readOutbound()) != null; ) {
      ByteBuf bytes = (ByteBuf) out;
      all.append(bytes.toString(StandardCharsets.ISO_8859_1));
      bytes.release();
    }
    return all.toString();
  }

  @Test
  void anAnsweredRequest_isWrittenAsGiven_andNeitherItNorItsEndReachesVertx() {
    send("/hit/a");

    assertThat(written()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n/hit/a");
    assertThat(inVertx).isEmpty();
    assertThat(accounted).containsExactly("/hit/a");
  }

  @Test
  void aDeclinedRequest_goesToVertx_withItsEnd() {
    send("/miss");

    assertThat(written()).isEmpty();
    assertThat(inVertx).containsExactly("/miss", "end");
    assertThat(accounted).isEmpty();
  }

  @Test
  void whileVertxHoldsARequest_laterOnesGoToVertxToo_soAnswersKeepTheirOrder() {
    send("/miss", "/hit/1", "/hit/2");

    // Not even offered: an answer written now would overtake Vert.x's to /miss.
    assertThat(offered).containsExactly("/miss");
    assertThat(inVertx).containsExactly("/miss", "end", "/hit/1", "end", "/hit/2", "end");
  }

  @Test
  void onceVertxHasAnsweredEverything_requestsAreOfferedAgain() {
    send("/miss");
    vertxAnswers("from vertx");
    send("/hit/3");

    assertThat(written()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nfrom vertx"
        + "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n/hit/3");
    assertThat(inVertx).containsExactly("/miss", "end");
  }

  @Test
  void anInterimResponse_doesNotEndVertxsRequest() {
    send("/miss");
    channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.CONTINUE));
    send("/hit/4");

    assertThat(offered).containsExactly("/miss");
    assertThat(inVertx).containsExactly("/miss", "end", "/hit/4", "end");
  }

  @Test
  void afterA101_theConnectionIsATunnel_andNothingIsOfferedAgain() {
    send("/miss");
    channel.writeAndFlush(new DefaultHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.SWITCHING_PROTOCOLS));
    channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    send("/hit/5");

    assertThat(offered).containsExactly("/miss");
    assertThat(inVertx).containsExactly("/miss", "end", "/hit/5", "end");
  }

  @Test
  void requestsPipelinedInOneRead_areAnsweredInOrder() {
    send("/hit/1", "/hit/22", "/hit/333");

    assertThat(written()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n/hit/1"
        + "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n/hit/22"
        + "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n/hit/333");
    assertThat(inVertx).isEmpty();
  }

  @Test
  void afterAGracefulStopBegan_nothingIsOffered() {
    channel.pipeline().fireUserEventTriggered(new ShutdownEvent(5, TimeUnit.SECONDS));
    send("/hit/6");

    assertThat(offered).isEmpty();
    assertThat(inVertx).containsExactly("/hit/6", "end");
  }

  @Test
  void anAnswerThatFails_leavesTheRequestToVertx() {
    channel = new EmbeddedChannel();
    channel.pipeline().addLast("httpDecoder", new HttpRequestDecoder());
    channel.pipeline().addLast(DirectAnswerHandler.ENCODER, new HttpResponseEncoder());
    channel.pipeline().addLast(new DirectAnswerHandler("edge test", (request, client, at) -> {
      throw new IllegalStateException("a bug in the answerer");
    }, null));
    channel.pipeline().addLast("handler", vertxStandIn());
    send("/hit/7");

    assertThat(written()).isEmpty();
    assertThat(inVertx).containsExactly("/hit/7", "end");
  }

  @Test
  void aRequestTheDecoderRefused_goesToVertx_unoffered() {
    channel.writeInbound(ascii("GET /hit/x HTTP/1.1\r\nHost a.example\r\n\r\n"));

    assertThat(offered).isEmpty();
    assertThat(inVertx).isNotEmpty();
  }
}
