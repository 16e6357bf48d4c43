package org.edgecdn.http;

import java.net.BindException;

/**
 * Turns a failed listen into one line an operator can act on: which node, which port, why.
 * Used by every server a node opens.
 */
public final class BindFailure extends RuntimeException {

  private final boolean inUse;

  private BindFailure(String message, Throwable cause, boolean inUse) {
    super(message, cause, false, false);
    this.inUse = inUse;
  }

  /**
   * @param label the node ({@code edge eu})
   * @param role what listens there ({@code traffic}, {@code admin})
   */
  public static BindFailure describe(String label, String role, HostPort address, Throwable error) {
    boolean inUse = isInUse(error);
    String why = inUse ? "is already in use" : "cannot be opened (" + error.getMessage() + ")";
    return new BindFailure(label + ": " + role + " port " + address + " " + why, error, inUse);
  }

  /** Whether the address was taken (rather than, say, not one of this machine's). */
  public boolean inUse() {
    return inUse;
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
