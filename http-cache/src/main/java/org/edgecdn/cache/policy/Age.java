package org.edgecdn.cache.policy;

import io.vertx.core.MultiMap;

/**
 * A response's age (RFC 9111 §4.2.3), in whole seconds as the {@code Age} header carries it.
 *
 * <pre>
 *   apparent_age          = max(0, response_time - date_value)
 *   response_delay        = response_time - request_time
 *   corrected_age_value   = age_value + response_delay
 *   corrected_initial_age = max(apparent_age, corrected_age_value)
 *   current_age           = corrected_initial_age + (now - response_time)
 * </pre>
 *
 * <p>The corrected initial age is computed in milliseconds and rounded down once, at the end.
 * A missing or invalid {@code Date} counts as the response time (the time we would have
 * written into it, RFC 9110 §6.6.1), so it adds no apparent age. Of several {@code Age}
 * members the first counts (RFC 9111 §5.1); an invalid one (non-numeric, negative, a float) is
 * ignored: the upstream's age is then unknown and only our own delay counts.
 */
public final class Age {

  private Age() {}

  /**
   * The corrected initial age of a response.
   *
   * @param requestTimeMillis when the request that got it was sent
   * @param responseTimeMillis when the response arrived
   */
  public static long correctedInitialAgeSeconds(MultiMap responseHeaders,
      long requestTimeMillis, long responseTimeMillis) {
    long date = Storability.singleDate(responseHeaders.getAll("date")).orElse(responseTimeMillis);
    long apparentAgeMillis = Math.max(0, responseTimeMillis - date);
    long responseDelayMillis = Math.max(0, responseTimeMillis - requestTimeMillis);
    long correctedAgeMillis = ageValue(responseHeaders) * 1000 + responseDelayMillis;
    long seconds = Math.max(apparentAgeMillis, correctedAgeMillis) / 1000;
    return Math.min(seconds, CacheControl.MAX_DELTA_SECONDS);
  }

  /** The current age of a stored response whose corrected initial age is known. */
  public static long currentAgeSeconds(long initialAgeSeconds, long responseTimeMillis,
      long nowMillis) {
    long residentSeconds = Math.max(0, nowMillis - responseTimeMillis) / 1000;
    return initialAgeSeconds + residentSeconds;
  }

  /**
   * The {@code Age} header's delta-seconds, or 0 when absent or invalid. Of a list (members of
   * one line, or several lines) the first member counts and the rest are discarded, as RFC 9111
   * §5.1 says a cache should: {@code Age: 7200, 0} is 7200.
   */
  static long ageValue(MultiMap headers) {
    for (String member : FieldSyntax.members(headers.getAll("age"), false)) {
      return Math.max(0, FieldSyntax.deltaSeconds(member));
    }
    return 0;
  }
}
