package org.edgecdn.edge.conformance;

import static org.edgecdn.edge.conformance.Step.Type.NOT_CACHED;

import java.util.List;

/**
 * The cache-tests.fyi group {@code vary-parse} (tests/vary-parse.mjs): {@code *} anywhere in
 * {@code Vary}, on one field line or several, makes a response unusable for a later request
 * (RFC 9111 §4.1). {@code vary-syntax-star} and {@code vary-syntax-foo-star} are already run from
 * {@code CacheTestsTwoRequests}.
 */
final class VaryParseScenarios {

  private VaryParseScenarios() {}

  static List<Scenario> all() {
    return List.of(
        star("vary-syntax-star-star", "Vary", "*, *"),
        star("vary-syntax-star-star-lines", "Vary", "*", "Vary", "*"),
        star("vary-syntax-empty-star", "Vary", ", *"),
        star("vary-syntax-empty-star-lines", "Vary", "", "Vary", "*"),
        star("vary-syntax-star-foo", "Vary", "*, Foo"));
  }

  /** The suite's {@code varyParseSetup} with these {@code Vary} lines, then the same request. */
  private static Scenario star(String id, String... varyLines) {
    return Scenario.of(id,
        Step.get().header("Foo", "1", "Baz", "789").respond("Cache-Control", "max-age=5000",
            "Last-Modified", "@-3000", "Date", "@0").respond(varyLines),
        Step.get().header("Foo", "1", "Baz", "789").expect(NOT_CACHED));
  }
}
