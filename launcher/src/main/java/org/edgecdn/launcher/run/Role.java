package org.edgecdn.launcher.run;

/** Which part of the network this process runs. */
public sealed interface Role {

  /** Everything in one JVM: the demo origin if configured, DNS, every shield and edge. */
  record WholeNetwork() implements Role {}

  /** One edge (PoP) with its cluster member. */
  record Edge(String pop) implements Role {}

  /** One shield with its cluster member. */
  record Shield(String name) implements Role {}

  /** The DNS server. */
  record Dns() implements Role {}

  /** The demo origin alone, at the network file's {@code demo-origin} address. */
  record DemoOrigin() implements Role {}
}
