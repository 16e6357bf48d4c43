package org.edgecdn.http.forward;

/** How a collapsed fetch ended, as its waiters need to know (see {@code Collapser}). */
sealed interface FlightOutcome {

  /** The response is in the store: waiters look it up again with their own variant. */
  record Stored() implements FlightOutcome {}

  /** The response could not be shared: each waiter fetches for itself, in parallel. */
  record Uncacheable(String reason) implements FlightOutcome {}

  /** The upstream answered 5xx: waiters serve their stale copy if they may, else ask again. */
  record UpstreamError(int status) implements FlightOutcome {}

  /** The upstream failed: waiters serve stale if they may, or answer the same error. */
  record Failed(UpstreamFailure failure) implements FlightOutcome {}
}
