package org.edgecdn.http.forward;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Connection-specific header fields, which a proxy must not forward (RFC 9110 §7.6.1): the fixed
 * list plus every field the sender named in its own {@code Connection} header.
 */
public final class HopByHop {

  private static final FieldNames ALWAYS = FieldNames.of(Set.of(
      "connection", "keep-alive", "proxy-connection", "proxy-authenticate",
      "proxy-authentication-info", "proxy-authorization", "te", "trailer", "transfer-encoding",
      "upgrade"));

  private HopByHop() {}

  /** Copies {@code from} into {@code to} without hop-by-hop fields and without those in skip. */
  public static void copy(MultiMap from, MultiMap to, Set<String> skip) {
    copy(from, to, FieldNames.of(skip));
  }

  /** As {@link #copy(MultiMap, MultiMap, Set)}; allocates nothing when no field is named. */
  static void copy(MultiMap from, MultiMap to, FieldNames skip) {
    List<String> named = connectionTokens(from);
    for (var header : from) {
      String name = header.getKey();
      if (!ALWAYS.contains(name) && !skip.contains(name) && !isNamed(named, name)) {
        to.add(name, header.getValue());
      }
    }
  }

  private static boolean isNamed(List<String> named, String name) {
    for (String token : named) {
      if (token.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> connectionTokens(MultiMap headers) {
    if (headers.get("connection") == null) {
      return List.of();
    }
    List<String> tokens = new ArrayList<>(2);
    for (String value : headers.getAll("connection")) {
      for (String token : value.split(",")) {
        String trimmed = token.trim().toLowerCase(Locale.ROOT);
        if (!trimmed.isEmpty()) {
          tokens.add(trimmed);
        }
      }
    }
    return tokens;
  }
}
