package org.edgecdn.http.accesslog;

import java.time.Instant;

/**
 * One answered request as the access log records it.
 *
 * @param cacheStatus this node's {@code Cache-Status} member
 * @param upstreamMillis time spent waiting for the upstream's response head, or -1 if none
 */
public record AccessLogEntry(
    Instant time, String node, String client, String site, String method, String path,
    int status, long bytes, String cacheStatus, long upstreamMillis, long totalMillis) {

  /** One line, space separated, quoted where a value may hold spaces. */
  public String format() {
    return time + " " + node + " " + client + " " + site + " " + method + " \"" + path + "\" "
        + status + " " + bytes + " \"" + cacheStatus + "\" upstream_ms="
        + (upstreamMillis < 0 ? "-" : Long.toString(upstreamMillis)) + " total_ms=" + totalMillis;
  }
}
