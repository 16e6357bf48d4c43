package org.edgecdn.edge.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The suite's {@code tests/uncached.mjs} ("Omit Headers From Cache"): fields of a fresh stored
 * response with a {@code Last-Modified} or an {@code ETag} validator. That file asks every
 * listed field to be stored, hop-by-hop ones included; RFC 9111 §3.1 and the suite's newer
 * {@code headers.mjs} say those must not be, and the rows below expect them missing.
 */
final class UncachedScenarios {

  private UncachedScenarios() {}

  private static final List<String[]> FIELDS = List.of(
      field("Test-Header"),
      field("X-Test-Header"),
      new String[] {"Content-Type", "text/plain"},
      new String[] {"X-Frame-Options", "deny"},
      new String[] {"X-XSS-Protection", "1"},
      new String[] {"Clear-Site-Data", "cookies"},
      field("Connection"),
      field("Proxy-Authenticate"),
      field("Proxy-Connection"),
      field("Public-Key-Pins"),
      new String[] {"Set-Cookie", "a=b"},
      new String[] {"Set-Cookie2", "a=b"},
      field("Strict-Transport-Security"),
      field("Strict-Transport-Security2"),
      field("Trailer"),
      new String[] {"Transfer-Encoding", "chunked"},
      field("Upgrade"),
      field("WWW-Authenticate"));
  /** Not stored, by RFC 9111 §3.1 (hop-by-hop, or the proxy's own). */
  private static final Set<String> HOP_BY_HOP = Set.of("Connection", "Proxy-Authenticate",
      "Proxy-Connection", "Trailer", "Transfer-Encoding", "Upgrade");

  static List<Scenario> all() {
    List<Scenario> all = new ArrayList<>();
    for (String[] field : FIELDS) {
      String id = "store-" + field[0];
      all.add(store("uncached-lm-" + id, lm(), field));
      all.add(store("uncached-etag-" + id, etag(id), field));
    }
    String id = "omit-headers-listed-in-Connection";
    all.add(omit("uncached-lm-" + id, lm(), "Connection", "a, b"));
    all.add(omit("uncached-etag-" + id, etag(id), "Connection", "a, b"));
    id = "omit-headers-listed-in-Cache-Control-no-cache";
    all.add(omit("uncached-lm-" + id, lm(), "Cache-Control", "no-cache=\"a, b\""));
    all.add(omit("uncached-etag-" + id, etag(id), "Cache-Control", "no-cache=\"a, b\""));
    return all;
  }

  private static Scenario store(String id, String[] validator, String[] field) {
    Step first = first(validator).respond(field);
    Step second = Step.get();
    if (field[0].startsWith("Set-Cookie")) {
      // docs/caching.md §12: responses with Set-Cookie are not stored; the suite requires it.
      return Scenario.of(id + " (Set-Cookie not stored)", first,
          second.expect(Step.Type.NOT_CACHED).expectMissing(field[0]));
    }
    if (HOP_BY_HOP.contains(field[0])) {
      first.mayDiffer(field[0]);
      return Scenario.of(id + " (RFC 9111 §3.1: not stored)", first,
          second.expect(Step.Type.CACHED).expectMissing(field[0]));
    }
    return Scenario.of(id, first, second.expect(Step.Type.CACHED).expectHeaders(field));
  }

  private static Scenario omit(String id, String[] validator, String name, String value) {
    Step first = first(validator).respond(name, value, "a", "1", "b", "2", "c", "3")
        .mayDiffer("a", "b");
    if (name.equals("Connection")) {
      first.mayDiffer("Connection");
    }
    return Scenario.of(id, first,
        Step.get().expect(Step.Type.CACHED).expectHeaders("c", "3").expectMissing("a", "b"));
  }

  private static Step first(String[] validator) {
    return Step.get().respond("Cache-Control", "max-age=3600", "Date", "@0")
        .respond(validator).pauseAfter();
  }

  private static String[] lm() {
    return new String[] {"Last-Modified", "@-86400"};
  }

  private static String[] etag(String id) {
    return new String[] {"ETag", "\"" + id + "-etag-1\""};
  }

  private static String[] field(String name) {
    return new String[] {name, name + "-value"};
  }
}
