package org.edgecdn.edge.conformance;

import io.vertx.core.http.HttpVersion;

/**
 * The suite's scenarios through edge and shield, two caches in a row: seen from the client and
 * the origin they must behave as one cache. A response the edge may not reuse must not be
 * reused by the shield either (the request's directives, {@code Authorization}, a stale entry's
 * revalidation reach it), and what the shield stores must reach the client with the origin's
 * fields.
 */
class CacheTestsThroughShieldTest extends SuiteRun {

  @Override
  ConformanceRig newRig() {
    return new ConformanceRig(true, HttpVersion.HTTP_1_1);
  }
}
