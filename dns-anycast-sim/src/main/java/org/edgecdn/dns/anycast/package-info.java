/**
 * A seeded model comparing DNS steering with IP anycast for a client population: placement,
 * latency, a BGP-like route choice over an AS graph, and what happens when a PoP withdraws.
 * Pure Java, no sockets; see {@link org.edgecdn.dns.anycast.AnycastSimulation}.
 */
package org.edgecdn.dns.anycast;
