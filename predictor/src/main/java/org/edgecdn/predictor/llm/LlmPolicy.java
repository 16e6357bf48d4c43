package org.edgecdn.predictor.llm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether an LLM request's answer may be shared, kept per user, or not kept, and under which key
 * (DESIGN §7). Pure: no I/O, no clock; the edge asks it once per request.
 *
 * <h2>Shared only when provably safe</h2>
 * An answer is shared between clients only when all hold:
 * <ol>
 *   <li>the request is deterministic: {@code temperature} 0, or a {@code seed}, or a route the
 *       site declares deterministic (the API's default temperature is 1, so a request without
 *       one is not);
 *   <li>it carries no identity: no {@code user} field, no per-user header configured by the
 *       site, no client credential forwarded to the provider (cookies never are);
 *   <li>the client did not send {@code Cache-Control: no-store}.
 * </ol>
 * A request with an identity gets an entry of that identity's own when the site allows
 * per-user caching, and is not cached otherwise. Nondeterministic requests and no-store are
 * never cached. Near-duplicate ("semantic") matching is not offered: audits found it answering
 * "turn off" with the answer to "turn on".
 *
 * <h2>The key</h2>
 * SHA-256 over the site, the route and the canonical JSON ({@link CanonicalJson}) of the whole
 * body except {@code user}: model, messages with the system prompt, tools, response format,
 * sampling parameters, {@code stream} (a stream and a single answer are stored apart), and any
 * field we do not know, since any of them may change the answer. A per-user entry adds the
 * identity's digest. Message text is kept exactly unless the site turns on
 * {@link #normalizeText} (case, runs of whitespace, trailing punctuation), which is off by
 * default.
 *
 * @param routes the site's LLM routes
 * @param perUser whether answers for an identified user may be kept for that user alone
 * @param perUserHeaders request headers that identify a user (lower case), e.g. x-user-id
 * @param normalizeText whether message text is normalized before keying
 */
public record LlmPolicy(
    List<LlmRoute> routes, boolean perUser, List<String> perUserHeaders, boolean normalizeText) {

  public LlmPolicy {
    routes = List.copyOf(routes);
    perUserHeaders = perUserHeaders.stream().map(h -> h.toLowerCase(java.util.Locale.ROOT))
        .toList();
  }

  /** The default routes, per-user entries allowed, no per-user header, text kept exactly. */
  public static LlmPolicy defaults() {
    return new LlmPolicy(LlmRoute.defaults(), true, List.of(), false);
  }

  /** The route for {@code path} (without query), if it is one. */
  public Optional<LlmRoute> route(String path) {
    for (LlmRoute route : routes) {
      if (route.path().equals(path)) {
        return Optional.of(route);
      }
    }
    return Optional.empty();
  }

  /**
   * What to do with one request.
   *
   * @param body the parsed JSON body (an object)
   * @param identity who the request is for as far as the provider can tell: the per-user
   *     header values and any credential that will be forwarded; empty when none
   * @param clientNoStore the client sent {@code Cache-Control: no-store}
   */
  public Decision decide(String site, LlmRoute route, Map<String, Object> body,
      Optional<String> identity, boolean clientNoStore) {
    Objects.requireNonNull(body, "body");
    if (clientNoStore) {
      return new Decision.Bypass(Reason.NOSTORE);
    }
    if (!route.deterministic() && !deterministic(body)) {
      return new Decision.Bypass(Reason.NONDETERMINISTIC);
    }
    Optional<String> who = identity.or(() -> userField(body));
    String key = key(site, route, body);
    if (who.isEmpty()) {
      return new Decision.Shared(key);
    }
    return perUser ? new Decision.PerUser(sha256(key + "\u0000" + who.get()))
        : new Decision.Bypass(Reason.PERSONALIZED);
  }

  /** The shared key of {@code body} on {@code route} of {@code site}. */
  public String key(String site, LlmRoute route, Map<String, Object> body) {
    Map<String, Object> keyed = new LinkedHashMap<>(body);
    keyed.remove("user");
    if (normalizeText) {
      keyed = TextNormalizer.normalizeMessages(keyed);
    }
    return sha256(site + "\u0000" + route.path() + "\u0000" + CanonicalJson.write(keyed));
  }

  /** Temperature 0 or a seed given. */
  static boolean deterministic(Map<String, Object> body) {
    Object seed = body.get("seed");
    if (seed instanceof Number) {
      return true;
    }
    Object temperature = body.get("temperature");
    return temperature instanceof Number t && t.doubleValue() == 0;
  }

  private static Optional<String> userField(Map<String, Object> body) {
    Object user = body.get("user");
    return user == null || (user instanceof String s && s.isEmpty())
        ? Optional.empty() : Optional.of("user:" + user);
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** Why an answer is not cached (the metric's result and the Cache-Status detail). */
  public enum Reason {
    PERSONALIZED("bypass_personalized", "personalized"),
    NONDETERMINISTIC("bypass_nondeterministic", "nondeterministic"),
    NOSTORE("bypass_nostore", "no-store");

    private final String metric;
    private final String detail;

    Reason(String metric, String detail) {
      this.metric = metric;
      this.detail = detail;
    }

    public String metric() {
      return metric;
    }

    public String detail() {
      return detail;
    }
  }

  /** The policy's answer for one request. */
  public sealed interface Decision {
    /** Cached for everyone under {@code key}. */
    record Shared(String key) implements Decision {}

    /** Cached for this identity alone under {@code key} (which includes the identity). */
    record PerUser(String key) implements Decision {}

    /** Not cached. */
    record Bypass(Reason reason) implements Decision {}
  }
}
