package org.edgecdn.loadtest;

import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** Why a lookup during a run gave no usable address, in the kinds a reader cares about. */
public enum DnsFailure {
  /** No answer within the lookup's timeout: the server is down, frozen or dropping queries. */
  TIMEOUT,
  /** Nothing listens at the server's address (ICMP port unreachable). */
  UNREACHABLE,
  /** An answer with an error code: SERVFAIL, NXDOMAIN, REFUSED. */
  ERROR_ANSWER,
  /** An answer without an A record for the name. */
  NO_ADDRESS,
  /** An address load may not be sent to (not loopback, without allow-remote). */
  REFUSED_ADDRESS,
  /** Anything else. */
  OTHER;

  /** For people: {@code error answer}. */
  public String label() {
    return jsonName().replace('_', ' ');
  }

  /** For programs: {@code error_answer}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Sorts a failed lookup into a cause, by type first and message second. */
  public static DnsFailure of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DnsLookup.BadAnswerException bad) {
        return bad.cause;
      }
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (t instanceof TimeoutException || t instanceof SocketTimeoutException
          || message.contains("timed out")) {
        return TIMEOUT;
      }
      if (t instanceof PortUnreachableException || message.contains("unreachable")) {
        return UNREACHABLE;
      }
    }
    return OTHER;
  }
}
