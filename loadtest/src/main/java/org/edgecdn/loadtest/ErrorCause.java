package org.edgecdn.loadtest;

import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** Why a request got no answer, in the few kinds a reader of a load test cares about. */
public enum ErrorCause {
  /** Nothing listens at the address (or it refused the connection). */
  CONNECT_REFUSED("connect refused", "connect_refused"),
  /** No connection, or no complete answer, within the request timeout. */
  TIMEOUT("timeout", "timeout"),
  /** The connection was closed or reset before the answer was complete. */
  RESET("reset", "reset"),
  /** Anything else: a malformed answer, a bind failure, no route. */
  OTHER("other", "other");

  private final String label;
  private final String jsonName;

  ErrorCause(String label, String jsonName) {
    this.label = label;
    this.jsonName = jsonName;
  }

  public String label() {
    return label;
  }

  public String jsonName() {
    return jsonName;
  }

  /** Sorts a failure from the HTTP client into a cause, by type first and message second. */
  public static ErrorCause of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      String type = t.getClass().getSimpleName();
      if (t instanceof TimeoutException || type.contains("Timeout")
          || message.contains("timed out")) {
        return TIMEOUT;
      }
      if (t instanceof ConnectException && message.contains("refused")) {
        return CONNECT_REFUSED;
      }
      if (t instanceof HttpClosedException || message.contains("reset")
          || message.contains("broken pipe") || message.contains("connection was closed")
          || (t instanceof IOException && message.contains("closed"))) {
        return RESET;
      }
    }
    return OTHER;
  }
}
