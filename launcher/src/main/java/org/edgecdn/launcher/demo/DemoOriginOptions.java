package org.edgecdn.launcher.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Where the demo origin listens and the two knobs that make it testable.
 *
 * @param host address to bind, e.g. {@code 127.0.0.1}
 * @param port port to bind; {@code 0} picks a free one (see {@link DemoOrigin#port()})
 * @param chatDelay how long a chat completion "thinks" before answering, standing in for a
 *     model's latency so an edge hit is visibly faster than a miss
 * @param deployedAt when this version of the site was deployed: the {@code Last-Modified} of
 *     every page and asset and the {@code created} of every chat completion
 */
public record DemoOriginOptions(String host, int port, Duration chatDelay, Instant deployedAt) {

  /** The chat latency used unless a test injects a shorter one. */
  public static final Duration DEFAULT_CHAT_DELAY = Duration.ofMillis(800);

  public DemoOriginOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(chatDelay, "chatDelay");
    Objects.requireNonNull(deployedAt, "deployedAt");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("demo origin: port must be 0..65535, got " + port);
    }
    if (chatDelay.isNegative()) {
      throw new IllegalArgumentException("demo origin: chatDelay must not be negative");
    }
    // HTTP dates have whole seconds; a fractional Last-Modified would never equal the
    // If-Modified-Since a client echoes back, so no revalidation could ever answer 304.
    deployedAt = deployedAt.truncatedTo(ChronoUnit.SECONDS);
  }

  /** The default chat delay and "deployed now". */
  public static DemoOriginOptions defaults(String host, int port) {
    return new DemoOriginOptions(host, port, DEFAULT_CHAT_DELAY, Instant.now());
  }

  public DemoOriginOptions withChatDelay(Duration chatDelay) {
    return new DemoOriginOptions(host, port, chatDelay, deployedAt);
  }

  public DemoOriginOptions withDeployedAt(Instant deployedAt) {
    return new DemoOriginOptions(host, port, chatDelay, deployedAt);
  }
}
