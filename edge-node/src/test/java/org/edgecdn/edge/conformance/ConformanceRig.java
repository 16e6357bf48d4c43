package org.edgecdn.edge.conformance;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.edgecdn.cache.CacheClock;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.cluster.MemberSlot;
import org.edgecdn.edge.EdgeNode;
import org.edgecdn.edge.EdgeOptions;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Site;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.purge.NodePurging;
import org.edgecdn.shield.ShieldNode;
import org.edgecdn.shield.ShieldOptions;
import org.edgecdn.testkit.Await;
import org.edgecdn.testkit.FreePorts;
import org.edgecdn.testkit.ScriptedOrigin.Reply;
import org.edgecdn.testkit.ScriptedOrigin;

/**
 * Runs conformance scenarios over the network: a client, one edge (no shield) and an origin that
 * plays the cache-tests.fyi suite's server, all on loopback and on one fake clock.
 *
 * <p>The origin finds a scenario by the request's path ({@code /ct/<n>}) and the step by the
 * {@code Req-Num} field the client sends (a cache forwards it), answers with that step's
 * status, fields and body, and records what it received. As the suite's server does, a step
 * expected to be validated is answered 304 only when the request carries the previous step's
 * {@code ETag} in {@code If-None-Match} or its {@code Last-Modified} in {@code
 * If-Modified-Since}; otherwise with status 999, so an unconditional request shows. A pause
 * moves the clock by {@value #PAUSE_SECONDS} s, the suite's pause. Each answer of the origin
 * carries its number ({@code Server-Request-Count}), so a stored answer tells which it was.
 * A step may make the origin close the connection instead ({@link Step#disconnect()}), or
 * answer later: the clock moves while the request is at the origin
 * ({@link Step#responsePause}).
 *
 * <p>Each scenario gets its own path, so one edge serves them all and nothing a scenario stores
 * can answer another; a step may ask for a URL below it ({@link Step#path}), a second URL of
 * the same scenario.
 */
final class ConformanceRig implements AutoCloseable {

  static final long PAUSE_SECONDS = 3;
  private static final String HOST = "www.conformance.example";
  private static final String PREFIX = "/ct/";
  private static final String SERVER_REQUEST_COUNT = "Server-Request-Count";
  /** Fields targeted at CDNs, which the edge strips from what clients get (by default). */
  private static final Set<String> CDN_ONLY = Set.of(
      "cdn-cache-control", "surrogate-control", "surrogate-key", "cache-tag");
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC_850_DATE =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final String RFC_850_SUFFIX = " rfc850";

  /** A request the origin received, and the fields it answered with. */
  private record Served(int count, int reqNum, String method, MultiMap requestHeaders,
      List<String[]> responseHeaders) {}

  private final Vertx vertx = Vertx.vertx();
  private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  private final CacheClock clock = now::get;
  private final Map<Integer, Scenario> scenarios = new ConcurrentHashMap<>();
  private final Map<Integer, List<Served>> served = new ConcurrentHashMap<>();
  private final ScriptedOrigin origin;
  private final EdgeNode edge;
  private final HttpClient client;
  /** The shield between edge and origin, or null when the edge asks the origin itself. */
  private final ShieldNode shield;
  private int next;

  /** One edge in front of the origin, asked over HTTP/1.1. */
  ConformanceRig() {
    this(false, HttpVersion.HTTP_1_1);
  }

  /**
   * @param throughShield whether the edge reaches the origin through a shield, a cache of its
   *     own: the two tiers must then answer as one cache would
   * @param version how the client asks the edge: HTTP/1.1, or HTTP/2 with prior knowledge (the
   *     site's name then goes as {@code :authority}, not as a {@code Host} field)
   */
  ConformanceRig(boolean throughShield, HttpVersion version) {
    origin = Await.result(ScriptedOrigin.start(vertx, got -> answer(got.uri(), got.method(),
        got.headers())));
    Site site = new Site("conformance", List.of(HOST), List.of(URI.create(origin.baseUrl())),
        Optional.empty());
    List<EdgeOptions.ShieldAddress> shields = List.of();
    ShieldNode tier = null;
    if (throughShield) {
      HostPort shieldAddress = new HostPort("127.0.0.1", FreePorts.loopback());
      ShieldOptions options = new ShieldOptions("shield", shieldAddress,
          new HostPort("127.0.0.1", 0), List.of(site), Set.of("127.0.0.1"), 1_000, 5_000,
          CacheOptions.shieldDefaults());
      tier = Await.result(ShieldNode.start(vertx, options, AccessLog.off(), new MemberSlot(),
          clock, NodePurging.none()));
      shields = List.of(new EdgeOptions.ShieldAddress("shield", shieldAddress));
    }
    shield = tier;
    EdgeOptions options = new EdgeOptions("t", new HostPort("127.0.0.1", 0),
        new HostPort("127.0.0.1", 0), List.of(site), shields, 1_000, 5_000,
        CacheOptions.edgeDefaults());
    edge = Await.result(EdgeNode.start(vertx, options, AccessLog.off(), new MemberSlot(), clock,
        NodePurging.none()));
    client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(version)
        .setHttp2ClearTextUpgrade(false), new PoolOptions().setHttp1MaxSize(4));
  }

  /** Runs {@code scenario}; returns what differed from its expectations, empty when none. */
  List<String> run(Scenario scenario) {
    int index = next++;
    scenarios.put(index, scenario);
    served.put(index, new CopyOnWriteArrayList<>());
    String path = PREFIX + index;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < scenario.steps().size(); i++) {
      Step step = scenario.steps().get(i);
      int reqNum = i + 1;
      int servedBefore = served.get(index).size();
      Answer answer = send(step, path, reqNum);
      // A snapshot: a refresh in the background may still be recording at the origin, and a
      // view of the live list fails when it grows (ConcurrentModificationException).
      List<Served> servedNow = List.copyOf(served.get(index));
      check(scenario, step, reqNum, answer, servedNow.subList(servedBefore, servedNow.size()),
          failures);
      // Refreshes in the background end before the next step (or the next scenario) looks.
      Await.until("the cache's fetches to end", this::quiet, Duration.ofSeconds(5));
      now.addAndGet(step.pauseSeconds * 1000);
    }
    return failures;
  }

  private boolean quiet() {
    return fillsInFlight(edge.registry()) == 0
        && (shield == null || fillsInFlight(shield.registry()) == 0);
  }

  private static double fillsInFlight(MeterRegistry registry) {
    return registry.get("cdn.cache.fills.in.flight").gauge().value();
  }

  private record Answer(int status, MultiMap headers, String body) {}

  private Answer send(Step step, String path, int reqNum) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Req-Num", Integer.toString(reqNum));
    for (String[] field : step.requestHeaders) {
      headers.add(field[0], resolve(field[1]));
    }
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.valueOf(step.method))
        .setServer(SocketAddress.inetSocketAddress(edge.port(), "127.0.0.1"))
        .setHost(HOST).setPort(80)
        .setURI(target(step, path)).setHeaders(headers);
    return Await.result(client.request(request).compose(r -> (step.requestBody != null
        ? r.send(Buffer.buffer(step.requestBody)) : r.send()).compose(response ->
        response.body().map(body -> new Answer(response.statusCode(),
            MultiMap.caseInsensitiveMultiMap().addAll(response.headers()), body.toString())))));
  }

  private static String target(Step step, String path) {
    String target = step.path == null ? path : path + "/" + step.path;
    return step.query == null ? target : target + "?" + step.query;
  }

  private Reply answer(String uri, String method, MultiMap headers) {
    if (!uri.startsWith(PREFIX)) {
      return new Reply(404, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer());
    }
    int end = PREFIX.length();
    while (end < uri.length() && Character.isDigit(uri.charAt(end))) {
      end++;
    }
    int index = Integer.parseInt(uri.substring(PREFIX.length(), end));
    Scenario scenario = scenarios.get(index);
    List<Served> state = served.get(index);
    String sent = headers.get("Req-Num");
    int reqNum = sent != null ? Integer.parseInt(sent) : state.size() + 1;
    if (reqNum < 1 || reqNum > scenario.steps().size()) {
      return new Reply(409, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer());
    }
    Step step = scenario.steps().get(reqNum - 1);
    // The origin takes its time: the cache waits on the test's clock.
    now.addAndGet(step.responsePauseSeconds * 1000);
    int status = step.status;
    if (step.expectedType != null && step.expectedType.validated() && reqNum > 1) {
      status = notModified(previousAnswer(state, scenario.steps().get(reqNum - 2), reqNum - 1),
          headers) ? 304 : 999;
    }
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    List<String[]> set = new ArrayList<>();
    for (String[] field : step.responseHeaders) {
      String value = resolve(field[1]);
      if (step.magicLocations && (field[0].equalsIgnoreCase("Location")
          || field[0].equalsIgnoreCase("Content-Location"))) {
        value = "http://" + headers.get("Host") + uri + "/" + value;
      }
      out.add(field[0], value);
      set.add(new String[] {field[0], value});
    }
    if (!out.contains("Content-Type")) {
      out.add("Content-Type", "text/plain");
    }
    int count = state.size() + 1;
    if (step.disconnect) {
      // Received, as the suite's server records it, but nothing was sent.
      state.add(new Served(count, reqNum, method, headers, List.of()));
      return Reply.disconnect();
    }
    // As the suite's server: which of the origin's answers a client got, stored or not.
    out.add(SERVER_REQUEST_COUNT, Integer.toString(count));
    state.add(new Served(count, reqNum, method, headers, set));
    String body = status == 204 || status == 304 ? ""
        : step.responseBody != null ? step.responseBody : scenario.id();
    return new Reply(status, out, Buffer.buffer(body));
  }

  /**
   * The fields the origin answered the previous step with, dates as sent (as the suite's server
   * keeps them); as configured, dates as of now, if that step never reached the origin.
   */
  private List<String[]> previousAnswer(List<Served> state, Step previous, int reqNum) {
    for (int i = state.size() - 1; i >= 0; i--) {
      if (state.get(i).reqNum() == reqNum) {
        return state.get(i).responseHeaders();
      }
    }
    return previous.responseHeaders.stream()
        .map(field -> new String[] {field[0], resolve(field[1])}).toList();
  }

  /** Whether the request validates the previous answer (the suite's exact match). */
  private static boolean notModified(List<String[]> previous, MultiMap headers) {
    for (String[] field : previous) {
      if (field[0].equalsIgnoreCase("Last-Modified")
          && field[1].equals(headers.get("If-Modified-Since"))) {
        return true;
      }
      if (field[0].equalsIgnoreCase("ETag") && field[1].equals(headers.get("If-None-Match"))) {
        return true;
      }
    }
    return false;
  }

  private void check(Scenario scenario, Step step, int reqNum, Answer answer, List<Served> hits,
      List<String> failures) {
    String at = "request " + reqNum + ": ";
    // Fields between our tiers never reach an origin.
    for (Served hit : hits) {
      hit.requestHeaders().names().stream().filter(name -> name.toLowerCase(Locale.ROOT)
          .startsWith("edgecdn-")).forEach(name -> failures.add(at + "the origin got the "
          + "internal field " + name));
    }
    List<Served> mine = hits.stream().filter(s -> s.reqNum() == reqNum).toList();
    // Cached: the answer is not the one the origin gave this request (a refresh in the
    // background may still have asked the origin, as the suite allows).
    String count = answer.headers().get(SERVER_REQUEST_COUNT);
    if (step.expectedType == Step.Type.CACHED && mine.stream()
        .anyMatch(s -> Integer.toString(s.count()).equals(count))) {
      failures.add(at + "not from the cache (the origin's answer to it)");
    }
    if (step.expectedType != null && step.expectedType != Step.Type.CACHED && mine.isEmpty()) {
      failures.add(at + "from the cache (the origin was not asked)");
    }
    if (step.expectedType == Step.Type.ETAG_VALIDATED && !mine.isEmpty()
        && !mine.get(0).requestHeaders().contains("If-None-Match")) {
      failures.add(at + "not validated with If-None-Match");
    }
    if (step.expectedType == Step.Type.LM_VALIDATED && !mine.isEmpty()
        && !mine.get(0).requestHeaders().contains("If-Modified-Since")) {
      failures.add(at + "not validated with If-Modified-Since");
    }
    int expectedStatus = step.expectedStatus != null ? step.expectedStatus
        : step.status != 200 ? step.status : 200;
    if (answer.status() == 999) {
      failures.add(at + "should have been conditional, but it was not");
    } else if (answer.status() != expectedStatus) {
      failures.add(at + "status " + answer.status() + ", not " + expectedStatus);
    }
    for (String[] field : step.expectedResponseHeaders) {
      String got = joined(answer.headers(), field[0]);
      String want = resolve(field[1]);
      if (!want.equals(got)) {
        failures.add(at + field[0] + " is \"" + got + "\", not \"" + want + "\"");
      }
    }
    for (String name : step.expectedResponseHeadersMissing) {
      if (answer.headers().contains(name)) {
        failures.add(at + "unexpected " + name + ": \"" + joined(answer.headers(), name) + "\"");
      }
    }
    if (shield != null && !mine.isEmpty() && !String.valueOf(answer.headers().get("Cache-Status"))
        .startsWith("shield;")) {
      failures.add(at + "the origin was asked, but not through the shield: "
          + answer.headers().get("Cache-Status"));
    }
    if (!mine.isEmpty()) {
      Served origin = mine.get(0);
      if (step.expectedMethod != null && !step.expectedMethod.equals(origin.method())) {
        failures.add(at + "the origin got method " + origin.method() + ", not "
            + step.expectedMethod);
      }
      for (String[] field : step.expectedRequestHeaders) {
        String got = origin.requestHeaders().get(field[0]);
        if (!field[1].equals(got)) {
          failures.add(at + "the origin got " + field[0] + " \"" + got + "\", not \""
              + field[1] + "\"");
        }
      }
      for (String name : step.expectedRequestHeadersMissing) {
        if (origin.requestHeaders().contains(name)) {
          failures.add(at + "the origin got " + name + " \""
              + origin.requestHeaders().get(name) + "\"");
        }
      }
      // Every field the origin set reaches the client as set (the suite's default check), but
      // the fields for CDNs alone, which the edge keeps from clients (docs/caching.md).
      for (String[] field : origin.responseHeaders()) {
        if (field[0].equalsIgnoreCase("Date") || CDN_ONLY.contains(field[0].toLowerCase(
            Locale.ROOT)) || step.mayDiffer.stream()
            .anyMatch(name -> name.equalsIgnoreCase(field[0]))) {
          continue;
        }
        String want = String.join(", ", origin.responseHeaders().stream()
            .filter(f -> f[0].equalsIgnoreCase(field[0])).map(f -> f[1]).toList());
        String got = joined(answer.headers(), field[0]);
        if (!want.equals(got)) {
          failures.add(at + field[0] + " from the origin is \"" + got + "\" at the client, not \""
              + want + "\"");
        }
      }
    }
    // After a disconnect, an error is the cache's own, with no body of the origin's.
    boolean bodyless = answer.status() == 204 || answer.status() == 304
        || step.method.equals("HEAD") || step.disconnect && answer.status() >= 500;
    String expectedBody = step.expectedBody != null ? step.expectedBody
        : step.responseBody != null ? step.responseBody : scenario.id();
    if (!bodyless && !expectedBody.equals(answer.body())) {
      failures.add(at + "body \"" + answer.body() + "\", not \"" + expectedBody + "\"");
    }
  }

  private static String joined(MultiMap headers, String name) {
    List<String> all = headers.getAll(name);
    return all.isEmpty() ? null : String.join(", ", all);
  }

  /**
   * {@code @N}: the HTTP date N seconds from now on the test's clock ({@code @N rfc850}: in the
   * RFC 850 form); other values as given.
   */
  private String resolve(String value) {
    long millis = now.get();
    if (value.length() > 1 && value.charAt(0) == '@') {
      boolean rfc850 = value.endsWith(RFC_850_SUFFIX);
      String number = rfc850 ? value.substring(1, value.length() - RFC_850_SUFFIX.length())
          : value.substring(1);
      try {
        long seconds = Long.parseLong(number);
        return (rfc850 ? RFC_850_DATE : HTTP_DATE)
            .format(Instant.ofEpochMilli(millis + seconds * 1000));
      } catch (NumberFormatException notADate) {
        return value;
      }
    }
    return value;
  }

  @Override
  public void close() {
    Await.result(vertx.close());
  }
}
