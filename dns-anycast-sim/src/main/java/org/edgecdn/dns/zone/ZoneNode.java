package org.edgecdn.dns.zone;

import org.xbill.DNS.Name;

/**
 * A name that exists in one of the zones.
 *
 * @param zone the zone it belongs to
 * @param name the name, in the case the configuration wrote it
 * @param data what it holds
 */
public record ZoneNode(Zone zone, Name name, NodeData data) {

  /** Whether this is the zone's apex, which also holds SOA and NS. */
  public boolean isApex() {
    return zone.apex().equals(name);
  }
}
