package org.edgecdn.purge.api;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.edgecdn.http.auth.BearerCredential;

/**
 * The bearer tokens that may purge, each belonging to one site with a set of scopes
 * ({@code purge} for URLs, tags, prefixes and hosts; {@code purge_all} for everything;
 * {@code domains} for the site's custom domains).
 *
 * <p>Tokens are kept only as SHA-256 digests and compared with {@link MessageDigest#isEqual}
 * against every grant, whichever matched, so the time a lookup takes says nothing about how
 * much of a guess was right nor which grant it was close to. Digesting first also makes the
 * comparison length-independent: every digest is 32 bytes.
 */
public final class PurgeTokens {

  /** What a token may do. Wire names as in the network file. */
  public enum Scope {
    /** Purge URLs, tags, prefixes and hosts of the token's site. */
    PURGE("purge"),
    /** Purge everything of the token's site. */
    PURGE_ALL("purge_all"),
    /** Add, check and remove the site's custom domains ({@code cdn domains}). */
    DOMAINS("domains");

    private final String wireName;

    Scope(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    /** The scope named {@code wireName}, or empty. */
    public static Optional<Scope> fromWire(String wireName) {
      for (Scope scope : values()) {
        if (scope.wireName.equals(wireName)) {
          return Optional.of(scope);
        }
      }
      return Optional.empty();
    }
  }

  /** {@code token} may purge {@code site} within {@code scopes}. */
  public record TokenGrant(String site, String token, Set<Scope> scopes) {
    public TokenGrant {
      Objects.requireNonNull(site, "site");
      Objects.requireNonNull(token, "token");
      scopes = Set.copyOf(scopes);
      if (token.isEmpty()) {
        throw new IllegalArgumentException("empty token for site " + site);
      }
    }

    /** Never prints the token: grants end up in logs and exception messages. */
    @Override
    public String toString() {
      return "TokenGrant[site=" + site + ", token=(hidden), scopes=" + scopes + "]";
    }
  }

  /** The outcome of presenting an {@code Authorization} header. */
  public sealed interface Authorization {

    /** No bearer token at all: 401 with a {@code WWW-Authenticate} challenge. */
    record Missing() implements Authorization {}

    /** A bearer token nobody was granted: 401. */
    record Unknown() implements Authorization {}

    /** A valid token, but for another site ({@code tokenSite}): 403. */
    record WrongSite(String tokenSite) implements Authorization {}

    /** A valid token for the site, without {@code scope}: 403. */
    record MissingScope(Scope scope) implements Authorization {}

    /** A valid token for {@code site}, with {@code scopes}. */
    record Granted(String site, Set<Scope> scopes) implements Authorization {
      public Granted {
        scopes = Set.copyOf(scopes);
      }

      /** This grant if it has {@code scope}, else {@link MissingScope}. */
      public Authorization require(Scope scope) {
        return scopes.contains(scope) ? this : new MissingScope(scope);
      }
    }
  }

  private final List<Entry> entries;

  /**
   * @throws IllegalArgumentException if one token is granted to two sites (a request names its
   *     site by its token, so a token must have exactly one)
   */
  public PurgeTokens(List<TokenGrant> grants) {
    Map<String, String> siteOfToken = new HashMap<>();
    Map<String, Entry> merged = new HashMap<>();
    List<String> order = new ArrayList<>();
    for (TokenGrant grant : grants) {
      String earlier = siteOfToken.putIfAbsent(grant.token(), grant.site());
      if (earlier != null && !earlier.equals(grant.site())) {
        throw new IllegalArgumentException("one token is granted to sites " + earlier + " and "
            + grant.site() + ": a token must belong to one site");
      }
      Entry entry = merged.get(grant.token());
      if (entry == null) {
        entry = new Entry(digest(grant.token()), grant.site(), EnumSet.noneOf(Scope.class));
        merged.put(grant.token(), entry);
        order.add(grant.token());
      }
      entry.scopes().addAll(grant.scopes());
    }
    this.entries = order.stream().map(merged::get).toList();
  }

  /** No tokens: every request is refused with 401. */
  public static PurgeTokens none() {
    return new PurgeTokens(List.of());
  }

  /**
   * Who {@code authorizationHeader} (the header's value, or null) identifies: {@link Missing},
   * {@link Unknown} or {@link Granted} with the token's site and scopes.
   */
  public Authorization identify(String authorizationHeader) {
    Optional<String> token = BearerCredential.token(authorizationHeader);
    if (token.isEmpty()) {
      return new Authorization.Missing();
    }
    byte[] presented = digest(token.get());
    Entry match = null;
    // Every entry is compared, and no branch depends on where the match is.
    for (Entry entry : entries) {
      boolean equal = MessageDigest.isEqual(entry.digest(), presented);
      match = equal ? entry : match;
    }
    return match == null
        ? new Authorization.Unknown()
        : new Authorization.Granted(match.site(), match.scopes());
  }

  /**
   * Whether {@code authorizationHeader} may act on {@code site} within {@code scope}: any of the
   * five outcomes.
   */
  public Authorization authorize(String authorizationHeader, String site, Scope scope) {
    Authorization identified = identify(authorizationHeader);
    if (identified instanceof Authorization.Granted granted) {
      return granted.site().equals(site)
          ? granted.require(scope)
          : new Authorization.WrongSite(granted.site());
    }
    return identified;
  }

  private static byte[] digest(String token) {
    return BearerCredential.digest(token);
  }

  private record Entry(byte[] digest, String site, Set<Scope> scopes) {}
}
