package org.edgecdn.dns.zone;

/** The outcome of looking a query name up in the zones (RFC 1034 §4.3.2, steps 2 and 3). */
public sealed interface NameLookup {

  /** The name exists (possibly as an empty non-terminal). */
  record Found(ZoneNode node) implements NameLookup {}

  /** The name is inside {@code zone} but does not exist there: NXDOMAIN with the zone's SOA. */
  record NoSuchName(Zone zone) implements NameLookup {}

  /** No zone here contains the name: the server is not authoritative, REFUSED. */
  record OutOfZone() implements NameLookup {}
}
