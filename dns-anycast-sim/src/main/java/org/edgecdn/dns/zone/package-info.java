/**
 * The DNS data this server is authoritative for, built from the options: the network's zone, one
 * zone per customer apex, and what each name holds. Lookups return sealed outcomes
 * ({@link org.edgecdn.dns.zone.NameLookup}); no sockets, no steering.
 */
package org.edgecdn.dns.zone;
