package org.edgecdn.purge.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.edgecdn.http.Site;
import org.edgecdn.purge.PurgeCommand;
import org.edgecdn.purge.PurgeTarget;

/**
 * Reads the body of {@code POST /api/v1/purge}, Cloudflare's shape:
 * {@code {"files":[...],"tags":[...],"prefixes":[...],"hosts":[...],"everything":false,
 * "soft":false}}, into a {@link PurgeCommand} for one site, or says what is wrong with it, naming
 * the field, with the HTTP status to answer.
 *
 * <p>Exactly one kind per request, as Cloudflare asks: a kind counts as given when its list is
 * not empty (or {@code everything} is true), so clients that send every field with empty lists
 * work. Every target must belong to the site: a file's or prefix's host and every host must be
 * one of its domains, so a token of one site can never purge another's objects.
 */
public final class PurgeRequestParser {

  /** The largest body accepted, in bytes. */
  public static final int MAX_BODY_BYTES = 64 * 1024;
  /** The most targets one purge may name. */
  public static final int MAX_TARGETS = 100;
  /** The longest tag, in characters. */
  public static final int MAX_TAG_LENGTH = 1024;

  static final String ONE_KIND = "give exactly one of files, tags, prefixes, hosts, everything";

  private static final List<String> FIELDS =
      List.of("files", "tags", "prefixes", "hosts", "everything", "soft");
  private static final List<String> LIST_FIELDS = List.of("files", "tags", "prefixes", "hosts");
  // Echoed input is cut to this, so an error message stays one readable line.
  private static final int MAX_ECHO = 200;

  private PurgeRequestParser() {}

  /** A parsed purge, or why not. */
  public sealed interface Result {
    record Parsed(PurgeCommand command) implements Result {}

    /** Refused with HTTP {@code status} (400 or 413) and a message naming the field. */
    record Rejected(int status, String message) implements Result {}
  }

  /** Parses {@code body} as a purge of {@code site}. */
  public static Result parse(Buffer body, Site site) {
    if (body.length() > MAX_BODY_BYTES) {
      return tooLarge(body.length());
    }
    if (body.length() == 0) {
      return bad("body is not valid JSON: it is empty");
    }
    Object root;
    try {
      root = Json.decodeValue(body);
    } catch (DecodeException e) {
      return bad("body is not valid JSON: " + reason(e));
    }
    if (!(root instanceof JsonObject json)) {
      return bad("body must be a JSON object, such as {\"files\":[\"https://"
          + site.domains().get(0) + "/\"]}");
    }
    for (String field : json.fieldNames()) {
      if (!FIELDS.contains(field)) {
        return bad("unknown field " + quote(field) + " (expected one of: "
            + String.join(", ", FIELDS) + ")");
      }
    }
    List<List<String>> lists = new ArrayList<>();
    for (String field : LIST_FIELDS) {
      Optional<List<String>> list = strings(json.getValue(field));
      if (list.isEmpty()) {
        return bad(quote(field) + " must be a list of strings");
      }
      lists.add(list.get());
    }
    Object everythingValue = json.getValue("everything");
    Object softValue = json.getValue("soft");
    if (everythingValue != null && !(everythingValue instanceof Boolean)) {
      return bad("\"everything\" must be true or false");
    }
    if (softValue != null && !(softValue instanceof Boolean)) {
      return bad("\"soft\" must be true or false");
    }
    boolean everything = Boolean.TRUE.equals(everythingValue);
    boolean soft = Boolean.TRUE.equals(softValue);

    int given = everything ? 1 : 0;
    int kind = -1;
    for (int i = 0; i < lists.size(); i++) {
      if (!lists.get(i).isEmpty()) {
        given++;
        kind = i;
      }
    }
    if (given != 1) {
      return bad(ONE_KIND);
    }
    if (everything) {
      return new Result.Parsed(new PurgeCommand(site.name(), new PurgeTarget.Everything(), false));
    }
    List<String> items = lists.get(kind);
    if (items.size() > MAX_TARGETS) {
      return new Result.Rejected(413,
          "at most " + MAX_TARGETS + " targets per purge, got " + items.size());
    }
    String field = LIST_FIELDS.get(kind);
    try {
      PurgeTarget target = switch (field) {
        case "files" -> new PurgeTarget.Urls(each(items, field, item -> file(item, site)));
        case "tags" -> new PurgeTarget.Tags(each(items, field, PurgeRequestParser::tag));
        case "prefixes" ->
            new PurgeTarget.Prefixes(each(items, field, item -> prefix(item, site)));
        default -> new PurgeTarget.Hosts(each(items, field, item -> host(item, site)));
      };
      return new Result.Parsed(new PurgeCommand(site.name(), target, soft));
    } catch (IllegalArgumentException e) {
      return bad(e.getMessage());
    }
  }

  /** The answer to a body known to be larger than the limit (by Content-Length or by count). */
  public static Result.Rejected tooLarge(long bytes) {
    return new Result.Rejected(413, "body is " + bytes + " bytes, at most " + MAX_BODY_BYTES
        + " are accepted");
  }

  // ---- Targets: each returns the value or throws with the reason, without the field. ----

  /** An absolute http(s) URL on one of the site's domains; the host lower-cased. */
  static URI file(String text, Site site) {
    URI uri = httpUrl(text, "file");
    siteDomain(uri.getHost(), text, site);
    // The fragment never reaches a server, so it is not part of what is cached: dropped.
    return rebuild(uri, uri.getRawPath().isEmpty() ? "/" : uri.getRawPath(), uri.getRawQuery());
  }

  /** A tag, as origins write them in {@code Surrogate-Key} or {@code Cache-Tag}. */
  static String tag(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("a tag must not be empty");
    }
    if (text.length() > MAX_TAG_LENGTH) {
      throw new IllegalArgumentException("a tag has at most " + MAX_TAG_LENGTH
          + " characters, got " + text.length());
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // Spaces and commas separate tags in the headers, so a tag containing one could never match.
      if (Character.isWhitespace(c) || Character.isISOControl(c) || c == ',') {
        throw new IllegalArgumentException("bad tag " + quote(text)
            + ": no spaces, commas or control characters");
      }
    }
    return text;
  }

  /**
   * {@code host/path} (Cloudflare's form, no scheme), {@code http(s)://host/path} or
   * {@code /path} (every host of the site).
   */
  static PurgeTarget.Prefix prefix(String text, Site site) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (text.startsWith("/")) {
      return new PurgeTarget.Prefix(Optional.empty(), path(text, text));
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      URI uri = httpUrl(text, "prefix");
      if (uri.getRawQuery() != null) {
        throw new IllegalArgumentException("bad prefix " + quote(text)
            + ": a prefix is a path, without a query");
      }
      String host = siteDomain(uri.getHost(), text, site);
      return new PurgeTarget.Prefix(Optional.of(host),
          uri.getRawPath().isEmpty() ? "/" : path(uri.getRawPath(), text));
    }
    int slash = text.indexOf('/');
    String hostPart = slash < 0 ? text : text.substring(0, slash);
    String pathPart = slash < 0 ? "/" : text.substring(slash);
    if (hostPart.isEmpty() || hostPart.contains(":") || hostPart.contains("@")) {
      throw new IllegalArgumentException("bad prefix " + quote(text)
          + ": use host/path, http(s)://host/path or /path");
    }
    return new PurgeTarget.Prefix(Optional.of(siteDomain(hostPart, text, site)),
        path(pathPart, text));
  }

  /** One of the site's domains, lower-case, without a trailing dot. */
  static String host(String text, Site site) {
    return siteDomain(text, text, site);
  }

  private static URI httpUrl(String text, String what) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad " + what + " " + quote(text) + ": "
          + e.getReason() + " at index " + e.getIndex());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.isOpaque()) {
      throw new IllegalArgumentException("bad " + what + " " + quote(text)
          + ": give an absolute http or https URL, such as https://www.example.com/page");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("bad " + what + " " + quote(text) + ": no valid host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("bad " + what + " " + quote(text)
          + ": user info (user:password@) is not allowed");
    }
    return uri;
  }

  /** {@code uri} with its host checked and lower-cased, and without a fragment. */
  private static URI rebuild(URI uri, String rawPath, String rawQuery) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = normalHost(uri.getHost());
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return URI.create(scheme + "://" + host + port + rawPath
        + (rawQuery == null ? "" : "?" + rawQuery));
  }

  private static String siteDomain(String hostText, String text, Site site) {
    String host = normalHost(hostText);
    if (!site.domains().contains(host)) {
      throw new IllegalArgumentException(quote(text) + ": " + quote(hostText)
          + " is not a domain of site " + site.name() + " (" + String.join(", ", site.domains())
          + ")");
    }
    return host;
  }

  private static String normalHost(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /** A path as sent on the wire: visible ASCII, no query or fragment, valid %-escapes. */
  private static String path(String path, String text) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      boolean badEscape = c == '%' && !(i + 2 < path.length() && isHex(path.charAt(i + 1))
          && isHex(path.charAt(i + 2)));
      if (c <= ' ' || c >= 0x7f || c == '?' || c == '#' || badEscape) {
        throw new IllegalArgumentException("bad prefix " + quote(text)
            + ": a path only, without ?, #, spaces or bad %-escapes");
      }
    }
    return path;
  }

  private static boolean isHex(char c) {
    return c < 0x80 && Character.digit(c, 16) >= 0;
  }

  // ---- JSON ----

  /** The strings of a JSON list (absent or null: none), or empty if it is not one. */
  private static Optional<List<String>> strings(Object value) {
    if (value == null) {
      return Optional.of(List.of());
    }
    if (!(value instanceof JsonArray array)) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>(array.size());
    for (Object item : array) {
      if (!(item instanceof String text)) {
        return Optional.empty();
      }
      out.add(text);
    }
    return Optional.of(out);
  }

  @FunctionalInterface
  private interface Check<T> {
    T apply(String item);
  }

  /** Checks every item, naming the first bad one by its index: {@code "files"[3]: ...}. */
  private static <T> List<T> each(List<String> items, String field, Check<T> check) {
    List<T> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      try {
        out.add(check.apply(items.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(quote(field) + "[" + i + "]: " + e.getMessage());
      }
    }
    return out;
  }

  /** Jackson's reason with its position, without its multi-line source excerpt. */
  private static String reason(DecodeException e) {
    if (e.getCause() instanceof JsonProcessingException jackson) {
      JsonLocation at = jackson.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column "
          + at.getColumnNr();
      // Jackson names positions inside its message as "[Source: ...; line: 1, column: 11]".
      return jackson.getOriginalMessage().lines().findFirst().orElse("")
          .replaceAll("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]", "line $1, column $2")
          + where;
    }
    String message = e.getMessage() == null ? "unreadable" : e.getMessage();
    return message.replaceFirst("^Failed to decode: ?", "").lines().findFirst().orElse("");
  }

  private static Result.Rejected bad(String message) {
    return new Result.Rejected(400, message);
  }

  private static String quote(String value) {
    String shown = value.length() > MAX_ECHO ? value.substring(0, MAX_ECHO) + "..." : value;
    return "\"" + shown + "\"";
  }
}
