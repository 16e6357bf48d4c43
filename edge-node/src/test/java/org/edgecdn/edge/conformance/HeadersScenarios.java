package org.edgecdn.edge.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * The suite's {@code tests/headers.mjs} (with its {@code header-list.mjs}): which fields of a
 * response a cache stores and serves from the store. Hop-by-hop fields, the proxy's own
 * authentication fields and those {@code Connection} names must not be stored (RFC 9111 §3.1);
 * the rest must.
 */
final class HeadersScenarios {

  private HeadersScenarios() {}

  /** A field of the suite's list: its name, the value the origin sends, whether stored. */
  private record Field(String name, String value, boolean stored) {}

  private static final List<Field> FIELDS = List.of(
      stored("Test-Header"),
      stored("X-Test-Header"),
      stored("Content-Foo"),
      stored("X-Content-Foo"),
      new Field("Cache-Control", "max-age=3600", true),
      notStored("Connection"),
      stored("Content-Encoding"),
      new Field("Content-Length", "10", true),
      new Field("Content-Location", "/bar", true),
      new Field("Content-MD5", "N7UdGUp1E+RbVvZSTy1R8g==", true),
      stored("Content-Range"),
      new Field("Content-Security-Policy", "default-src 'self' cdn.example.com", true),
      new Field("Content-Type", "text/plain;charset=utf-8", true),
      new Field("Clear-Site-Data", "cookies", true),
      new Field("ETag", "\"ghijkl\"", true),
      new Field("Expires", "Mon, 11 Jan 2038 11:11:11 GMT", true),
      notStored("Keep-Alive"),
      notStored("Proxy-Authenticate"),
      notStored("Proxy-Authentication-Info"),
      notStored("Proxy-Authorization"),
      notStored("Proxy-Connection"),
      stored("Public-Key-Pins"),
      new Field("Set-Cookie", "a=c", true),
      new Field("Set-Cookie2", "a=c", true),
      notStored("TE"),
      // Trailer: commented out in the suite's list too.
      new Field("Transfer-Encoding", "chunked", false),
      notStored("Upgrade"),
      new Field("X-Frame-Options", "sameorigin", true),
      new Field("X-XSS-Protection", "1; mode=block", true));

  static List<Scenario> all() {
    List<Scenario> all = new ArrayList<>();
    all.add(Scenario.of("headers-omit-headers-listed-in-Connection",
        Step.freshTemplate().respond("Connection", "a, b", "a", "1", "b", "2", "c", "3")
            .mayDiffer("Connection", "a", "b"),
        Step.get().expect(Step.Type.CACHED).expectHeaders("c", "3").expectMissing("a", "b")));
    // The two below were in earlier versions of the suite's headers.mjs.
    all.add(Scenario.of("headers-omit-headers-listed-in-Cache-Control-no-cache-single",
        Step.get().respond("Cache-Control", "no-cache=\"a\"", "a", "1", "b", "2",
            "Cache-Control", "max-age=3600", "Date", "@0").mayDiffer("a").pauseAfter(),
        Step.get().expect(Step.Type.CACHED).expectHeaders("b", "2").expectMissing("a")));
    all.add(Scenario.of("headers-omit-headers-listed-in-Cache-Control-no-cache",
        Step.get().respond("Cache-Control", "no-cache=\"a, b\"", "a", "1", "b", "2", "c", "3",
            "Cache-Control", "max-age=3600", "Date", "@0").mayDiffer("a", "b").pauseAfter(),
        Step.get().expect(Step.Type.CACHED).expectHeaders("c", "3").expectMissing("a", "b")));
    for (Field field : FIELDS) {
      all.add(store(field));
    }
    return all;
  }

  private static Scenario store(Field field) {
    String id = "headers-store-" + field.name();
    Step first = Step.get().respond("Date", "@0", field.name(), field.value());
    if (!field.name().equals("Cache-Control")) {
      first.respond("Cache-Control", "max-age=3600");
    }
    if (field.name().equals("Content-Length")) {
      // The suite skips the body check; ours has the length the field says.
      first.body("0123456789");
    }
    first.pauseAfter();
    Step second = Step.get();
    if (field.name().equals("Content-Length")) {
      second.expectBody("0123456789");
    }
    if (field.name().startsWith("Set-Cookie")) {
      // docs/caching.md §12: responses with Set-Cookie are not stored; the suite requires it.
      return Scenario.of(id + " (Set-Cookie not stored)", first,
          second.expect(Step.Type.NOT_CACHED).expectMissing(field.name()));
    }
    if (field.stored()) {
      second.expect(Step.Type.CACHED).expectHeaders(field.name(), field.value());
    } else {
      first.mayDiffer(field.name());
      second.expect(Step.Type.CACHED).expectMissing(field.name());
    }
    return Scenario.of(id, first, second);
  }

  private static Field stored(String name) {
    return new Field(name, name + "-store-value", true);
  }

  private static Field notStored(String name) {
    return new Field(name, name + "-store-value", false);
  }
}
