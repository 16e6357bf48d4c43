package org.edgecdn.http.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
  private EmbeddedChannel channel;

  @BeforeEach
  void connection() {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    channel.pipeline().addLast("idle", new IdleTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle) {
          // What Vert.x's connection does with it.
          events.add(idle);
          ctx.close();
        }
      }
    });
  }

  @Test
  void aSilentConnection_isClosedOneTimeoutAfterItOpened() {
    advanceSeconds(TIMEOUT_SECONDS - 1);
    assertThat(channel.isOpen()).isTrue();

    advanceSeconds(TIMEOUT_SECONDS / 8 + 1);
    assertThat(channel.isOpen()).isFalse();
    assertThat(events).containsExactly(IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT);
  }

  @Test
  void aRead_startsTheTimeoutAgain() {
    advanceSeconds(TIMEOUT_SECONDS - 5);
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'G'}));
    advanceSeconds(TIMEOUT_SECONDS - 5);
    assertThat(channel.isOpen()).isTrue();

    advanceSeconds(TIMEOUT_SECONDS / 4);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aWrite_startsTheTimeoutAgain_andKeepsTheCallersPromise() {
    advanceSeconds(TIMEOUT_SECONDS - 5);
    // A void promise, as a direct hit writes: Netty's idle handler replaces it with a real one.
    channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'H'}), channel.voidPromise());
    assertThat((Object) channel.readOutbound()).isNotNull();
    advanceSeconds(TIMEOUT_SECONDS - 5);
    assertThat(channel.isOpen()).isTrue();

    advanceSeconds(TIMEOUT_SECONDS / 4);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aResponseTheClientStopsReading_isCutOneTimeoutAfterItStalled() {
    // Written but never sent: the socket will not take it, as for a client that stopped reading.
    channel.write(Unpooled.wrappedBuffer(new byte[64 * 1024]));
    advanceSeconds(TIMEOUT_SECONDS - 1);
    assertThat(channel.isOpen()).isTrue();

    advanceSeconds(TIMEOUT_SECONDS / 4);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aResponseStillLeaving_isNotCut_thenTheTimeoutRunsFromItsEnd() {
    channel.write(Unpooled.wrappedBuffer(new byte[64 * 1024]));
    advanceSeconds(TIMEOUT_SECONDS * 3 / 4);
    // The bytes leave: no read or write passed the handler, but the response moved.
    channel.flush();
    channel.readOutbound();
    advanceSeconds(TIMEOUT_SECONDS * 3 / 4);
    assertThat(channel.isOpen()).isTrue();

    advanceSeconds(TIMEOUT_SECONDS / 2);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aClosedConnection_stopsItsChecks() {
    channel.close();
    advanceSeconds(TIMEOUT_SECONDS * 2);
    assertThat(events).isEmpty();
  }

  /** Moves the channel's clock in steps of a second, running what falls due. */
  private void advanceSeconds(long seconds) {
    for (long s = 0; s < seconds; s++) {
      channel.advanceTimeBy(1, TimeUnit.SECONDS);
      channel.runScheduledPendingTasks();
    }
  }
}
