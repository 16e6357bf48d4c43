/**
 * Where a client is and which PoP should serve it: IP literals and CIDRs, the client-location
 * table (longest prefix match), great-circle distance and PoP selection. No sockets, no I/O.
 */
package org.edgecdn.dns.geo;
