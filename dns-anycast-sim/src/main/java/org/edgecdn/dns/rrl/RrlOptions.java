package org.edgecdn.dns.rrl;

/**
 * Response rate limiting settings of a DNS node.
 *
 * <p>The defaults are far above what a person, a resolver serving real users or a monitoring
 * tool sends from one /24, and far below what makes the server a useful amplifier. A benchmark
 * run turns limiting off ({@link #off()}, {@code --no-rate-limits}) so the limits do not distort
 * its figures.
 *
 * @param enabled whether UDP responses are limited at all
 * @param answersPerSecond NOERROR responses (answers and NODATA) per client network per second;
 *     also the burst a quiet network may send at once
 * @param errorsPerSecond error responses (NXDOMAIN, REFUSED, FORMERR and the other error codes)
 *     per client network per second, lower because random-subdomain floods produce them
 * @param slip every {@code slip}-th limited response is sent as an empty truncated reply (TC=1)
 *     so that a real resolver behind a spoofed neighbour retries over TCP; the others are
 *     dropped. 0 drops them all, 1 truncates them all. BIND's range and default: 0-10, 2.
 */
public record RrlOptions(
    boolean enabled, int answersPerSecond, int errorsPerSecond, int slip) {

  public static final int DEFAULT_ANSWERS_PER_SECOND = 100;
  public static final int DEFAULT_ERRORS_PER_SECOND = 20;
  public static final int DEFAULT_SLIP = 2;
  public static final int MAX_SLIP = 10;
  /** Far above any real client network; the network file refuses more, so both agree. */
  public static final int MAX_RATE = 1_000_000;

  public RrlOptions {
    if (answersPerSecond < 1 || answersPerSecond > MAX_RATE) {
      throw new IllegalArgumentException("rate limit: answers per second " + answersPerSecond
          + " is outside 1-" + MAX_RATE);
    }
    if (errorsPerSecond < 1 || errorsPerSecond > MAX_RATE) {
      throw new IllegalArgumentException("rate limit: errors per second " + errorsPerSecond
          + " is outside 1-" + MAX_RATE);
    }
    if (slip < 0 || slip > MAX_SLIP) {
      throw new IllegalArgumentException(
          "rate limit: slip " + slip + " is outside 0-" + MAX_SLIP);
    }
  }

  /** On: 100 answers and 20 errors per second per /24 (IPv6: /56), slip 2. */
  public static RrlOptions defaults() {
    return new RrlOptions(
        true, DEFAULT_ANSWERS_PER_SECOND, DEFAULT_ERRORS_PER_SECOND, DEFAULT_SLIP);
  }

  /** A copy turned off, the rates kept: what {@code --no-rate-limits} makes of configured ones. */
  public RrlOptions turnedOff() {
    return new RrlOptions(false, answersPerSecond, errorsPerSecond, slip);
  }

  /** Off, for measurement runs; the rates are the defaults, should it be turned on again. */
  public static RrlOptions off() {
    return new RrlOptions(
        false, DEFAULT_ANSWERS_PER_SECOND, DEFAULT_ERRORS_PER_SECOND, DEFAULT_SLIP);
  }
}
