package org.edgecdn.launcher.demo;

/**
 * The Cache-Control values the demo origin sends, in one place so the policy reads as a table.
 * They are chosen to exercise the CDN: each kind of response takes a different branch of the
 * edge's storage decision (DESIGN.md §4 step 7).
 */
final class CachePolicy {

  /**
   * HTML: a minute in browsers, five at shared caches (s-maxage overrides max-age there, RFC
   * 9111 §5.2.2.10), and half a minute of stale-while-revalidate (RFC 5861) so the edge can
   * answer at once while it refreshes. A deploy is then visible within minutes, or at once
   * after a purge.
   */
  static final String PAGE = "public, max-age=60, s-maxage=300, stale-while-revalidate=30";

  /**
   * Static assets: a year and immutable (RFC 8246). A real build would fingerprint the names;
   * the demo keeps plain names so that purging an asset is something worth trying.
   */
  static final String ASSET = "public, max-age=31536000, immutable";

  /** Product JSON changes with stock and prices: short, and the same for everyone. */
  static final String API = "public, max-age=30";

  /**
   * Negative caching: a 404 is cheap to repeat but worth absorbing at the edge when a crawler
   * or a broken link asks for it again and again.
   */
  static final String NOT_FOUND = "public, max-age=10";

  /** Answers that must come from the origin each time: health, clocks, echoes. */
  static final String NO_STORE = "no-store";

  /** The cart looks personal: no shared cache may keep it, and no browser cache either. */
  static final String PERSONAL = "private, no-store";

  private CachePolicy() {}
}
