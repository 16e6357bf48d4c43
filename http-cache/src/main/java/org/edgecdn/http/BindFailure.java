package org.edgecdn.http;

import java.net.BindException;

/**
 * Turns a failed listen into one line an operator can act on: which node, which port, why.
 * Used by every server a node opens.
 */
public final class BindFailure extends RuntimeException {

  private BindFailure(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  /**
   * @param label the node ({@code edge eu})
   * @param role what listens there ({@code traffic}, {@code admin})
   */
  public static BindFailure describe(String label, String role, HostPort address, Throwable error) {
    String why = isInUse(error) ? "is already in use"
        : "cannot be opened (" + error.getMessage() + ")";
    return new BindFailure(label + ": " + role + " port " + address + " " + why, error);
  }

  private static boolean isInUse(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
