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

  private static final Set<String> ALWAYS = Set.of(
      "connection", "keep-alive", "proxy-connection", "proxy-authenticate",
      "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

  private HopByHop() {}

  /** Copies {@code from} into {@code to} without hop-by-hop fields and without those in skip. */
  public static void copy(MultiMap from, MultiMap to, Set<String> skip) {
    List<String> named = connectionTokens(from);
    for (var header : from) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!ALWAYS.contains(name) && !named.contains(name) && !skip.contains(name)) {
        to.add(header.getKey(), header.getValue());
      }
    }
  }

  private static List<String> connectionTokens(MultiMap headers) {
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
