package org.edgecdn.http.forward;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.edgecdn.http.Upstream;

/**
 * Why an upstream did not answer, and what the client gets instead. Only a failure to connect
 * leaves the request unsent, so only that one may be retried on the next upstream of the plan.
 */
public sealed interface UpstreamFailure {

  Upstream upstream();

  /** HTTP status this node answers with when no upstream is left to try. */
  int status();

  /** RFC 9211 {@code detail} token and metric outcome. */
  String detail();

  /** Human-readable cause for the error body and logs. */
  String reason();

  /** Nothing was sent: the next upstream may be tried with the same request. */
  default boolean retryable() {
    return this instanceof ConnectFailed;
  }

  /**
   * The client's request, not the upstream, is at fault: the upstream's health and metrics do
   * not count it, and requests collapsed onto it fetch for themselves.
   */
  default boolean clientCaused() {
    return this instanceof ClientFault;
  }

  /**
   * The client's request could not be forwarded as it was: a field the upstream protocol cannot
   * carry (an HTTP/2 value with a line break), or a body that broke off or was malformed. The
   * upstream request is reset, so the upstream never sees a complete request.
   *
   * @param detail {@code bad-request-field} or {@code client-body-broken}
   */
  record ClientFault(Upstream upstream, String detail, String reason) implements UpstreamFailure {
    public int status() {
      return 400;
    }
  }

  record ConnectFailed(Upstream upstream, String reason) implements UpstreamFailure {
    public int status() {
      return 502;
    }

    public String detail() {
      return "connect-failed";
    }
  }

  record ConnectTimedOut(Upstream upstream, String reason) implements UpstreamFailure {
    public int status() {
      return 504;
    }

    public String detail() {
      return "connect-timeout";
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  record ResponseTimedOut(Upstream upstream, String reason) implements UpstreamFailure {
    public int status() {
      return 504;
    }

    public String detail() {
      return "response-timeout";
    }
  }

  record Broken(Upstream upstream, String reason) implements UpstreamFailure {
    public int status() {
      return 502;
    }

    public String detail() {
      return "upstream-broken";
    }
  }

  /** Classifies a Vert.x/Netty failure of a request to {@code upstream}. */
  static UpstreamFailure of(Upstream upstream, Throwable error) {
    String message = String.valueOf(error.getMessage());
    if (error instanceof ConnectTimeoutException) {
      return new ConnectTimedOut(upstream, "connect timed out");
    }
    if (error instanceof ConnectException) {
      return new ConnectFailed(upstream, "connection refused");
    }
    if (error instanceof TimeoutException
        || message.toLowerCase(Locale.ROOT).contains("timeout period")) {
      return new ResponseTimedOut(upstream, "no response in time");
    }
    return new Broken(upstream, error.getClass().getSimpleName() + ": " + message);
  }
}
