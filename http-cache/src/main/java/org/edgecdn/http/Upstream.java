package org.edgecdn.http;

/**
 * One place a node can forward a request to: another tier of the network or a customer origin.
 *
 * @param name what operators see in logs and metrics ({@code shield}, {@code origin})
 * @param kind which tier answers there
 * @param address where to connect
 * @param tls whether to speak HTTPS to it
 */
public record Upstream(String name, Kind kind, HostPort address, boolean tls) {

  public enum Kind {
    SHIELD("shield"),
    ORIGIN("origin");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /** Lower-case name used in metric tags and logs. */
    public String wireName() {
      return wireName;
    }
  }

  public static Upstream origin(java.net.URI base) {
    boolean tls = "https".equalsIgnoreCase(base.getScheme());
    int port = base.getPort() != -1 ? base.getPort() : (tls ? 443 : 80);
    return new Upstream(base.getHost() + ":" + port, Kind.ORIGIN,
        new HostPort(base.getHost(), port), tls);
  }
}
