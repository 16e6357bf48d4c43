package org.edgecdn.edge.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * One request of a conformance scenario and what the origin answers if it reaches it, in the
 * terms of the cache-tests.fyi suite (http-tests/cache-tests): the expected type of the answer
 * ({@code cached}, {@code not_cached}, {@code etag_validated}, {@code lm_validated}), its status,
 * fields present or missing, its body, and the fields the origin must have received.
 *
 * <p>A field value {@code @N} is an HTTP date N seconds after the moment the origin answers (or,
 * in a request, the moment it is sent), on the test's clock; {@code @N rfc850} is the same
 * date in the obsolete RFC 850 form. Built fluently:
 * {@code Step.get().respond("Cache-Control", "max-age=1").pauseAfter()}.
 */
final class Step {

  /** What the cache did with the request, as the origin saw it. */
  enum Type {
    CACHED,
    NOT_CACHED,
    ETAG_VALIDATED,
    LM_VALIDATED;

    boolean validated() {
      return this == ETAG_VALIDATED || this == LM_VALIDATED;
    }
  }

  String method = "GET";
  /**
   * A path below the scenario's own ({@code /ct/<n>/<path>}), the suite's {@code filename};
   * null for the scenario's path itself.
   */
  String path;
  /** The request's query, without {@code ?}; null for none. */
  String query;
  final List<String[]> requestHeaders = new ArrayList<>();
  /** The client's request body; null for none. */
  String requestBody;
  int status = 200;
  final List<String[]> responseHeaders = new ArrayList<>();
  /** The origin's body; null for the scenario's id, as the suite's server sends. */
  String responseBody;
  /** The origin closes the connection instead of answering (the suite's {@code disconnect}). */
  boolean disconnect;
  /**
   * Seconds the clock moves when the request reaches the origin, before it answers (the
   * suite's {@code response_pause}, on the fake clock).
   */
  long responsePauseSeconds;
  /**
   * {@code Location} and {@code Content-Location} name a URL below the requested one: the
   * origin answers {@code http://<Host><request target>/<value>} (the suite's
   * {@code magic_locations}), so a value {@code t} names the URL of {@code path("t")}.
   */
  boolean magicLocations;
  /** Seconds the clock moves after this step. */
  long pauseSeconds;
  Type expectedType;
  Integer expectedStatus;
  final List<String[]> expectedResponseHeaders = new ArrayList<>();
  final List<String> expectedResponseHeadersMissing = new ArrayList<>();
  final List<String[]> expectedRequestHeaders = new ArrayList<>();
  final List<String> expectedRequestHeadersMissing = new ArrayList<>();
  String expectedBody;
  /** Fields the origin sets that this scenario lets the cache change or drop, on purpose. */
  final List<String> mayDiffer = new ArrayList<>();
  /** The method the origin must have received for this request; null: not checked. */
  String expectedMethod;

  private Step() {}

  static Step get() {
    return new Step();
  }

  static Step request(String method) {
    Step step = new Step();
    step.method = method;
    return step;
  }

  /** Sends the request to {@code /ct/<n>/<suffix>}: a second URL of the same scenario. */
  Step path(String suffix) {
    this.path = suffix;
    return this;
  }

  /** The origin closes the connection without answering (the suite's {@code disconnect}). */
  Step disconnect() {
    this.disconnect = true;
    return this;
  }

  /** The origin answers {@code seconds} later on the test's clock (the suite's pause). */
  Step responsePause(long seconds) {
    this.responsePauseSeconds = seconds;
    return this;
  }

  /** {@code Location} and {@code Content-Location} values name URLs below the request's. */
  Step magicLocations() {
    this.magicLocations = true;
    return this;
  }

  /** Sends the request with this query ({@code a=b}, without {@code ?}). */
  Step query(String value) {
    this.query = value;
    return this;
  }

  /** A GET with {@code If-None-Match}. */
  static Step ifNoneMatch(String value) {
    return get().header("If-None-Match", value);
  }

  /** A GET with {@code If-Modified-Since} ({@code @N} for a date). */
  static Step ifModifiedSince(String value) {
    return get().header("If-Modified-Since", value);
  }

  /** The suite's {@code fresh} first request: fresh for a day, with a validator. */
  static Step freshTemplate() {
    return get().respond("Expires", "@100000", "Last-Modified", "@0", "Date", "@0");
  }

  Step header(String... namesAndValues) {
    pairs(namesAndValues, requestHeaders);
    return this;
  }

  /** The body the client sends with this request (the suite's {@code request_body}). */
  Step requestBody(String value) {
    this.requestBody = value;
    return this;
  }

  Step respond(String... namesAndValues) {
    pairs(namesAndValues, responseHeaders);
    return this;
  }

  Step status(int value) {
    this.status = value;
    return this;
  }

  Step body(String value) {
    this.responseBody = value;
    return this;
  }

  /** The suite's pause after a step: {@value ConformanceRig#PAUSE_SECONDS} s. */
  Step pauseAfter() {
    return pauseAfter(ConformanceRig.PAUSE_SECONDS);
  }

  Step pauseAfter(long seconds) {
    this.pauseSeconds = seconds;
    return this;
  }

  Step expect(Type type) {
    this.expectedType = type;
    return this;
  }

  Step expectStatus(int value) {
    this.expectedStatus = value;
    return this;
  }

  Step expectHeaders(String... namesAndValues) {
    pairs(namesAndValues, expectedResponseHeaders);
    return this;
  }

  Step expectMissing(String... names) {
    expectedResponseHeadersMissing.addAll(List.of(names));
    return this;
  }

  Step expectRequestHeaders(String... namesAndValues) {
    pairs(namesAndValues, expectedRequestHeaders);
    return this;
  }

  Step expectRequestMissing(String... names) {
    expectedRequestHeadersMissing.addAll(List.of(names));
    return this;
  }

  Step expectBody(String value) {
    this.expectedBody = value;
    return this;
  }

  /** The origin must receive this request with {@code value} (the suite's expected_method). */
  Step expectMethod(String value) {
    this.expectedMethod = value;
    return this;
  }

  /** The cache may change or drop these fields of the origin's answer (a documented choice). */
  Step mayDiffer(String... names) {
    mayDiffer.addAll(List.of(names));
    return this;
  }

  private static void pairs(String[] namesAndValues, List<String[]> into) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    for (int i = 0; i < namesAndValues.length; i += 2) {
      into.add(new String[] {namesAndValues[i], namesAndValues[i + 1]});
    }
  }
}
