package org.edgecdn.dns.zone;

import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * One zone this server is authoritative for: its apex, SOA and NS records.
 *
 * @param apex the zone's top name
 * @param soa the SOA record at the apex; its MINIMUM is the negative-caching TTL
 * @param nameServers the NS records at the apex
 */
public record Zone(Name apex, SOARecord soa, List<NSRecord> nameServers) {

  public Zone {
    nameServers = List.copyOf(nameServers);
  }

  /**
   * The SOA for the authority section of a negative answer. RFC 2308 §3: its TTL is the smaller
   * of the SOA's own TTL and its MINIMUM field, which is how long a resolver may cache the
   * NXDOMAIN or NODATA.
   */
  public SOARecord negativeSoa() {
    long ttl = Math.min(soa.getTTL(), soa.getMinimum());
    return new SOARecord(
        apex,
        DClass.IN,
        ttl,
        soa.getHost(),
        soa.getAdmin(),
        soa.getSerial(),
        soa.getRefresh(),
        soa.getRetry(),
        soa.getExpire(),
        soa.getMinimum());
  }
}
