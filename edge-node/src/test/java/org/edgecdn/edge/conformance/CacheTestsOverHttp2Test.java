package org.edgecdn.edge.conformance;

import io.vertx.core.http.HttpVersion;

/**
 * The suite's scenarios through one edge, asked over HTTP/2 (h2c, prior knowledge): the cache
 * must answer alike whatever the client's protocol. It found that every upstream failure left
 * an HTTP/2 client without its 502: resuming a request already read whole throws on Vert.x's
 * HTTP/2 stream, and the answer was never written.
 */
class CacheTestsOverHttp2Test extends SuiteRun {

  @Override
  ConformanceRig newRig() {
    return new ConformanceRig(false, HttpVersion.HTTP_2);
  }
}
