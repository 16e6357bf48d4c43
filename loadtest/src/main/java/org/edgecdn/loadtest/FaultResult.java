package org.edgecdn.loadtest;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * A fault as it happened, and where the main traffic stood at that moment, so a report can tell
 * the errors before it from those after.
 *
 * @param fault the fault as planned
 * @param firedAt when it was done, from the start of the run; null when the run ended first
 * @param succeeded whether the action itself worked (the signal was sent, the request answered)
 * @param outcome what the action gave, e.g. {@code kill exit 0}, {@code HTTP 200}
 * @param before the main traffic's counts when it fired; null when it never did
 */
public record FaultResult(Fault fault, Duration firedAt, boolean succeeded, String outcome,
    Counts before) {

  /**
   * The main traffic's answers and failures so far.
   *
   * @param answered answers, whatever the status
   * @param serverErrors answers with a 5xx status
   * @param errors requests that got no answer, by cause
   */
  public record Counts(long answered, long serverErrors, Map<ErrorCause, Long> errors) {
    public Counts {
      errors = Map.copyOf(errors);
    }

    /** The counts of a finished stream. */
    static Counts of(StreamResult stream) {
      return new Counts(stream.answered(), stream.status().getOrDefault("5xx", 0L),
          stream.errors());
    }

    /** What happened between {@code earlier} and these counts. */
    Counts minus(Counts earlier) {
      EnumMap<ErrorCause, Long> diff = new EnumMap<>(ErrorCause.class);
      for (ErrorCause cause : ErrorCause.values()) {
        diff.put(cause, errors.getOrDefault(cause, 0L) - earlier.errors.getOrDefault(cause, 0L));
      }
      return new Counts(answered - earlier.answered, serverErrors - earlier.serverErrors, diff);
    }
  }

  /**
   * For messages: {@code fault at 0.52 s: POST ... -> HTTP 200}, or, for a fault the run ended
   * before ({@code firedAt} null), {@code fault never reached (planned 8s): ...}.
   */
  @Override
  public String toString() {
    String when = firedAt == null
        ? "never reached (planned " + Durations.format(fault.at()) + ")"
        : String.format(Locale.ROOT, "at %.2f s", firedAt.toNanos() / 1e9);
    return "fault " + when + ": " + fault.action().describe() + " -> " + outcome;
  }
}
