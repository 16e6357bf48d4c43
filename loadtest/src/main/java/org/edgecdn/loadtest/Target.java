package org.edgecdn.loadtest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a stream's requests go: the address to connect to, the Host header to send and a path
 * prefix. Built from a URL ({@code http://127.0.2.1:8080}); the Host header defaults to the
 * URL's authority and can be set apart from the address, as a client that resolved a name
 * itself would send it.
 *
 * @param connectHost the host name or address to connect to
 * @param port the TCP port
 * @param hostHeader the Host header of every request
 * @param basePath a path prefix for every request ({@code ""} for none)
 * @param url the URL as given, for reports
 */
public record Target(String connectHost, int port, String hostHeader, String basePath,
    String url) {

  public Target {
    Objects.requireNonNull(connectHost, "connectHost");
    Objects.requireNonNull(hostHeader, "hostHeader");
    Objects.requireNonNull(basePath, "basePath");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Reads {@code http://host[:port][/prefix]}; {@code hostHeader}, when not null, replaces the
   * URL's authority as the Host header.
   *
   * @throws IllegalArgumentException not an http URL (https is not supported yet)
   */
  public static Target parse(String url, String hostHeader) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad URL " + url + ": " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) {
      throw new IllegalArgumentException("bad URL " + url + ": give an http:// URL"
          + (scheme.equals("https") ? " (https is not supported by the load generator yet)"
              : ""));
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("bad URL " + url + ": no host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("bad URL " + url + ": the target is a base URL; "
          + "paths and queries come from the workload");
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    String host = uri.getHost();
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    String authority = uri.getPort() == -1 ? host : host + ":" + port;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return new Target(bare, port, hostHeader == null ? authority : hostHeader, base, url);
  }

  /** The same target reached at {@code address} (a resolved name), Host header unchanged. */
  public Target connectingTo(String address) {
    return new Target(address, port, hostHeader, basePath, url);
  }

  /** The request target for {@code uri} (a path starting with /). */
  public String requestUri(String uri) {
    return basePath.isEmpty() ? uri : basePath + uri;
  }

  @Override
  public String toString() {
    String at = connectHost.contains(":") ? "[" + connectHost + "]" : connectHost;
    return "http://" + at + ":" + port + basePath + " (Host: " + hostHeader + ")";
  }
}
