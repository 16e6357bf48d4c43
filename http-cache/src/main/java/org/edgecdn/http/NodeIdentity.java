package org.edgecdn.http;

/**
 * Which node of the network is speaking: its tier and its name. The same identity names the
 * node's member in {@code Cache-Status}, its entry in {@code Via}, its metric tags and its logs,
 * so an operator can follow one request across all of them.
 */
public record NodeIdentity(Tier tier, String name) {

  public enum Tier {
    EDGE("edge"),
    SHIELD("shield");

    private final String wireName;

    Tier(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  public static NodeIdentity edge(String pop) {
    return new NodeIdentity(Tier.EDGE, pop);
  }

  public static NodeIdentity shield(String name) {
    return new NodeIdentity(Tier.SHIELD, name);
  }

  /**
   * The cache name in {@code Cache-Status} (RFC 9211 §2) and the pseudonym in {@code Via}: an
   * edge is {@code edge-<pop>}; a shield is its own name ({@code shield} in the demo).
   */
  public String cacheName() {
    return tier == Tier.EDGE ? "edge-" + name : name;
  }
}
