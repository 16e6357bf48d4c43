package org.edgecdn.loadtest.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Hit ratio and origin offload over a run, from the targets' own counters scraped before and
 * after: hit ratio = Δhits / (Δhits + Δmisses); origin offload = 1 − Δorigin fetches / Δclient
 * requests. Which counters are hits, misses, client requests and origin fetches is the
 * caller's to say ({@link Spec}): this knows Prometheus, not any particular server.
 *
 * @param hits the increase of the hit counters
 * @param misses the increase of the miss counters
 * @param hitRatio hits over hits and misses; empty when neither moved
 * @param clientRequests the increase of the client request counters
 * @param originRequests the increase of the origin fetch counters
 * @param originOffload the share of client requests that did not reach the origin; empty when
 *     no target exposes origin fetches or no client request was counted
 * @param notes why a figure is missing, which targets failed
 */
public record CacheFigures(double hits, double misses, OptionalDouble hitRatio,
    double clientRequests, double originRequests, OptionalDouble originOffload,
    List<String> notes) {

  public CacheFigures {
    notes = List.copyOf(notes);
  }

  /**
   * Which counters mean what.
   *
   * @param hits requests answered from cache
   * @param misses requests the cache could not answer (forwarded)
   * @param clientRequests every request the client-facing tier answered
   * @param originFetches requests that reached the origin
   */
  public record Spec(CounterQuery hits, CounterQuery misses, CounterQuery clientRequests,
      CounterQuery originFetches) {}

  public static CacheFigures between(Scrape before, Scrape after, Spec spec) {
    List<String> notes = new ArrayList<>();
    before.failures().forEach((url, why) -> notes.add("could not read " + url
        + " before the run: " + why));
    after.failures().forEach((url, why) -> notes.add("could not read " + url
        + " after the run: " + why));
    double hits = after.increaseSince(before, spec.hits());
    double misses = after.increaseSince(before, spec.misses());
    OptionalDouble hitRatio = OptionalDouble.empty();
    if (hits + misses > 0) {
      hitRatio = OptionalDouble.of(hits / (hits + misses));
    } else {
      notes.add("no hit or miss counted (" + spec.hits() + ", " + spec.misses() + ")");
    }
    double clients = after.increaseSince(before, spec.clientRequests());
    double origin = after.increaseSince(before, spec.originFetches());
    OptionalDouble offload = OptionalDouble.empty();
    if (!after.exposes(spec.originFetches())) {
      notes.add("no target exposes " + spec.originFetches() + ": origin offload needs the "
          + "metrics of the tier that fetches from the origin");
    } else if (clients <= 0) {
      notes.add("no client request counted (" + spec.clientRequests() + ")");
    } else {
      offload = OptionalDouble.of(Math.max(0, 1 - origin / clients));
    }
    return new CacheFigures(hits, misses, hitRatio, clients, origin, offload, notes);
  }
}
