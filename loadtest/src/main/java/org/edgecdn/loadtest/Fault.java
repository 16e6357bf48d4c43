package org.edgecdn.loadtest;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Something done to the system under test at a moment of the run: stop a process, or send a
 * request that makes a part of it fail. The generator knows processes and URLs only, so a fault
 * is one of two generic actions, and what it means (an edge stopped, an origin slowed) is the
 * caller's: a signal to a process id the user names ({@code kill -s STOP} freezes a process,
 * {@code CONT} resumes it, {@code TERM} stops it), or an HTTP request such as an admin
 * endpoint's.
 *
 * <p>Written {@code AT:signal:NAME:PID} or {@code AT:http:METHOD:URL}, e.g.
 * {@code 5s:signal:STOP:4242} or {@code 2.5s:http:POST:http://127.0.0.1:9000/fail}.
 *
 * @param at when, from the start of the measured run
 * @param action what
 */
public record Fault(Duration at, Action action) {

  // field-name = token (RFC 9110 §5.1, tchar in §5.6.2).
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Signals a fault may send: stop, freeze, resume, interrupt. */
  public static final Set<String> SIGNALS =
      Set.of("TERM", "KILL", "STOP", "CONT", "INT", "HUP", "USR1", "USR2");

  public Fault {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
    if (at.isNegative()) {
      throw new IllegalArgumentException("a fault's time is from the start of the run: "
          + Durations.format(at));
    }
  }

  /** What a fault does. */
  public sealed interface Action {
    /** For reports: {@code signal STOP to pid 4242}. */
    String describe();
  }

  /** Sends {@code signal} to process {@code pid} (with {@code kill -s}). */
  public record Signal(String signal, long pid) implements Action {
    public Signal {
      signal = signal.toUpperCase(Locale.ROOT).replaceFirst("^SIG", "");
      if (!SIGNALS.contains(signal)) {
        throw new IllegalArgumentException("signal " + signal + ": one of "
            + String.join(", ", SIGNALS.stream().sorted().toList()));
      }
      if (pid <= 1 || pid == ProcessHandle.current().pid()) {
        throw new IllegalArgumentException("pid " + pid + ": not a process a fault may signal");
      }
    }

    @Override
    public String describe() {
      return "signal " + signal + " to pid " + pid;
    }
  }

  /**
   * Sends {@code method url} with no body and {@code headers} (such as a credential the
   * endpoint needs); the answer's status is the outcome. Header values are never printed: they
   * are often secrets.
   */
  public record Request(String method, URI url, Map<String, String> headers) implements Action {
    public Request {
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      method = method.toUpperCase(Locale.ROOT);
      if (!method.matches("[A-Z]+")) {
        throw new IllegalArgumentException("not an HTTP method: " + method);
      }
      if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
        throw new IllegalArgumentException("a fault's request needs an http:// URL, not "
            + url);
      }
    }

    /** Without headers. */
    public Request(String method, URI url) {
      this(method, url, Map.of());
    }

    /** For reports: {@code POST http://...}, naming the headers sent but not their values. */
    @Override
    public String describe() {
      return method + " " + url
          + (headers.isEmpty() ? "" : " (with " + String.join(", ", headers.keySet()) + ")");
    }

    @Override
    public String toString() {
      return "Request[" + describe() + "]";
    }
  }

  /**
   * This fault with {@code headers} added to its request, if it sends one; a signal is left as
   * it is.
   */
  public Fault withHeaders(Map<String, String> headers) {
    if (!(action instanceof Request request) || headers.isEmpty()) {
      return this;
    }
    Map<String, String> all = new LinkedHashMap<>(request.headers());
    all.putAll(headers);
    return new Fault(at, new Request(request.method(), request.url(), all));
  }

  /**
   * Reads a header written {@code Name: value}, e.g. {@code Authorization: Bearer TOKEN}.
   *
   * @throws IllegalArgumentException without a colon or with a name that is not a token
   *     (RFC 9110 §5.1); the message never quotes the value
   */
  public static Map.Entry<String, String> parseHeader(String text) {
    int colon = text.indexOf(':');
    String name = colon < 0 ? "" : text.substring(0, colon).trim();
    if (!HEADER_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a header is written 'Name: value', e.g. "
          + "'Authorization: Bearer TOKEN'" + (name.isEmpty() ? "" : "; bad name " + name));
    }
    String value = text.substring(colon + 1).trim();
    if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
      throw new IllegalArgumentException("header " + name + ": control characters in the value");
    }
    return Map.entry(name, value);
  }

  /**
   * Reads {@code AT:signal:NAME:PID} or {@code AT:http:METHOD:URL}.
   *
   * @throws IllegalArgumentException anything else, with the form expected
   */
  public static Fault parse(String text) {
    String[] parts = text.split(":", 3);
    String usage = "a fault is AT:signal:NAME:PID or AT:http:METHOD:URL, e.g. "
        + "5s:signal:STOP:4242, got " + text;
    if (parts.length < 3) {
      throw new IllegalArgumentException(usage);
    }
    Duration at = Durations.parse(parts[0]);
    String[] rest = parts[2].split(":", 2);
    if (rest.length < 2) {
      throw new IllegalArgumentException(usage);
    }
    return switch (parts[1].toLowerCase(Locale.ROOT)) {
      case "signal" -> {
        long pid;
        try {
          pid = Long.parseLong(rest[1]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not a process id: " + rest[1] + "; " + usage);
        }
        yield new Fault(at, new Signal(rest[0], pid));
      }
      case "http" -> {
        URI url;
        try {
          url = URI.create(rest[1]);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("bad URL " + rest[1] + "; " + usage);
        }
        yield new Fault(at, new Request(rest[0], url));
      }
      default -> throw new IllegalArgumentException(usage);
    };
  }

  @Override
  public String toString() {
    return "at " + Durations.format(at) + ": " + action.describe();
  }
}
