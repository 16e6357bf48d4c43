package org.edgecdn.dns;

import java.time.Duration;
import java.util.Objects;

/**
 * How the server holds DNS-over-TCP connections (RFC 7766 §6.2.3: a server should close idle
 * connections after some seconds and may limit the connections of one client, so that a few
 * clients cannot pin all of them).
 *
 * @param idleTimeout a connection on which nothing is read or written this long is closed; from
 *     {@link #MIN_IDLE_TIMEOUT} to {@link #MAX_IDLE_TIMEOUT} (issue 5: "idle timeout ≤ 10 s")
 * @param connectionsPerClient the most connections one client address may have open at once;
 *     one more is closed as soon as it is accepted, before anything is read from it
 */
public record TcpOptions(Duration idleTimeout, int connectionsPerClient) {

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration MAX_IDLE_TIMEOUT = Duration.ofSeconds(10);
  /** Below this a client on a slow link could not send its query before being cut off. */
  public static final Duration MIN_IDLE_TIMEOUT = Duration.ofMillis(100);
  /**
   * Sixteen: a resolver retrying truncated answers needs a few at a time, and a resolver pool
   * behind one address a few more; far fewer than the file descriptors one client may pin.
   */
  public static final int DEFAULT_CONNECTIONS_PER_CLIENT = 16;
  public static final int MAX_CONNECTIONS_PER_CLIENT = 65_535;

  public TcpOptions {
    Objects.requireNonNull(idleTimeout, "tcp: idle timeout");
    if (idleTimeout.compareTo(MIN_IDLE_TIMEOUT) < 0
        || idleTimeout.compareTo(MAX_IDLE_TIMEOUT) > 0) {
      throw new IllegalArgumentException("tcp: idle timeout " + idleTimeout + " is outside "
          + MIN_IDLE_TIMEOUT.toMillis() + "ms.." + MAX_IDLE_TIMEOUT.toSeconds() + "s");
    }
    if (connectionsPerClient < 1 || connectionsPerClient > MAX_CONNECTIONS_PER_CLIENT) {
      throw new IllegalArgumentException("tcp: connections per client " + connectionsPerClient
          + " is outside 1-" + MAX_CONNECTIONS_PER_CLIENT);
    }
  }

  /** Idle connections closed after 10 s; 16 connections per client address. */
  public static TcpOptions defaults() {
    return new TcpOptions(DEFAULT_IDLE_TIMEOUT, DEFAULT_CONNECTIONS_PER_CLIENT);
  }
}
