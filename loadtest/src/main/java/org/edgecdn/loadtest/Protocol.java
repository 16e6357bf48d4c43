package org.edgecdn.loadtest;

/** The HTTP version a stream speaks to its target. */
public enum Protocol {
  /** HTTP/1.1 with keep-alive, one request in flight per connection. */
  HTTP_1_1("http/1.1"),
  /**
   * HTTP/2 over cleartext with prior knowledge (h2c, RFC 9113 §3.3): no TLS and no upgrade
   * round trip, requests multiplexed as streams, up to {@value #STREAMS_PER_CONNECTION} on
   * each connection (the usual advertised limit).
   */
  H2C("h2c");

  /** Concurrent streams one HTTP/2 connection carries before another is opened. */
  public static final int STREAMS_PER_CONNECTION = 100;

  private final String wireName;

  Protocol(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** TCP connections for {@code inFlight} concurrent requests. */
  public int connectionsFor(int inFlight) {
    return this == HTTP_1_1 ? inFlight
        : (inFlight + STREAMS_PER_CONNECTION - 1) / STREAMS_PER_CONNECTION;
  }
}
