package org.edgecdn.http.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The idle timeout of a client connection, on an embedded channel whose clock the test moves:
 * a connection where nothing moves is closed one timeout (and at most an eighth more) after the
 * last read, write or progress of a write, as Vert.x closes it on the event; one where
 * something moves is not.
 */
class IdleTimeoutTest {

  private static final long TIMEOUT_SECONDS = 80;

  /** The idle events that reached the handler behind, Vert.x's place. */
  private final List<IdleStateEvent> events = new ArrayList<>();
  /** The promises writes reached the socket's side of the handler with. */
  private final List<ChannelPromise> promises = new ArrayList<>();
  private EmbeddedChannel channel;

  @BeforeEach
  void connection() {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        promises.add(promise);
        ctx.write(msg, promise);
      }
    });
    channel.pipeline().addLast("idle", new IdleTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    channel.pipeline().addLast(vertxConnection());
  }

  /** Closes the connection on an idle event, as Vert.x's connection does, and records it. */
  private ChannelInboundHandlerAdapter vertxConnection() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle) {
          events.add(idle);
          ctx.close();
        }
      }
    };
  }

  @Test
  void aSilentConnection_isClosedOneTimeoutAfterItOpened() {
    assertOpenThenClosed(channel, TIMEOUT_SECONDS - 1, TIMEOUT_SECONDS / 8 + 1);
    assertThat(events).containsExactly(IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT);
  }

  @Test
  void aRead_startsTheTimeoutAgain() {
    advanceSeconds(TIMEOUT_SECONDS - 5);
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'G'}));
    assertOpenThenClosed(channel, TIMEOUT_SECONDS - 5, TIMEOUT_SECONDS / 4);
  }

  @Test
  void aWrite_startsTheTimeoutAgain_andKeepsTheCallersPromise() {
    advanceSeconds(TIMEOUT_SECONDS - 5);
    // A void promise, as a direct hit writes: Netty's idle handler replaces it with a real one.
    channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'H'}), channel.voidPromise());
    assertThat((Object) channel.readOutbound()).isNotNull();
    assertThat(promises).singleElement().matches(ChannelPromise::isVoid);
    assertOpenThenClosed(channel, TIMEOUT_SECONDS - 5, TIMEOUT_SECONDS / 4);
  }

  @Test
  void aResponseTheClientStopsReading_isCutOneTimeoutAfterItStalled() {
    // Written but never sent: the socket will not take it, as for a client that stopped reading.
    channel.write(Unpooled.wrappedBuffer(new byte[64 * 1024]));
    assertOpenThenClosed(channel, TIMEOUT_SECONDS - 1, TIMEOUT_SECONDS / 4);
  }

  @Test
  void aResponseStillLeaving_isNotCut_thenTheTimeoutRunsFromItsEnd() {
    channel.write(Unpooled.wrappedBuffer(new byte[64 * 1024]));
    advanceSeconds(TIMEOUT_SECONDS * 3 / 4);
    // The bytes leave: no read or write passed the handler, but the response moved.
    channel.flush();
    channel.readOutbound();
    assertOpenThenClosed(channel, TIMEOUT_SECONDS * 3 / 4, TIMEOUT_SECONDS / 2);
  }

  @Test
  void aLargeBodyTheSocketTakesInPieces_isNotCut_thenStalledIs() {
    // One buffer, flushed, of which the socket takes a part per check, as a slow client reads:
    // the buffer stays at the head of the queue and the pending bytes do not change.
    channel.write(Unpooled.wrappedBuffer(new byte[1024 * 1024]));
    ChannelOutboundBuffer queue = channel.unsafe().outboundBuffer();
    queue.addFlush();
    for (int piece = 0; piece < 30; piece++) {
      advanceSeconds(TIMEOUT_SECONDS / 8);
      queue.progress(16 * 1024);
    }
    assertThat(channel.isOpen()).isTrue();

    advanceSeconds(TIMEOUT_SECONDS + TIMEOUT_SECONDS / 4);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aRemovedHandler_leavesNoCheckBehind() {
    channel.pipeline().remove("idle");
    // -1: nothing left scheduled on the channel's loop.
    assertThat(channel.runScheduledPendingTasks()).isEqualTo(-1);
    advanceSeconds(TIMEOUT_SECONDS * 2);
    assertThat(channel.isOpen()).isTrue();
    assertThat(events).isEmpty();
  }

  @Test
  void aHandlerAddedToAnOpenConnection_startsItsClockThen() {
    EmbeddedChannel open = new EmbeddedChannel();
    open.freezeTime();
    open.advanceTimeBy(TIMEOUT_SECONDS * 10, TimeUnit.SECONDS);
    // As NodeServers swaps it in once Vert.x has made the connection HTTP/1.
    open.pipeline().addLast(new IdleTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS),
        vertxConnection());
    assertOpenThenClosed(open, TIMEOUT_SECONDS - 1, TIMEOUT_SECONDS / 4);
  }

  /**
   * Moves {@code on}'s clock {@code openSeconds} and checks it is still open, then
   * {@code closingSeconds} more and checks it was closed.
   */
  private static void assertOpenThenClosed(EmbeddedChannel on, long openSeconds,
      long closingSeconds) {
    advanceSeconds(on, openSeconds);
    assertThat(on.isOpen()).as("open after %d s", openSeconds).isTrue();
    advanceSeconds(on, closingSeconds);
    assertThat(on.isOpen()).as("closed %d s later", closingSeconds).isFalse();
  }

  private void advanceSeconds(long seconds) {
    advanceSeconds(channel, seconds);
  }

  /** Moves {@code on}'s clock in steps of a second, running what falls due. */
  private static void advanceSeconds(EmbeddedChannel on, long seconds) {
    for (long s = 0; s < seconds; s++) {
      on.advanceTimeBy(1, TimeUnit.SECONDS);
      on.runScheduledPendingTasks();
    }
  }
}
