/**
 * The authoritative geo-DNS server (DESIGN §6): the API the launcher uses ({@link
 * org.edgecdn.dns.GeoDnsServer}, {@link org.edgecdn.dns.DnsOptions} and its records, {@link
 * org.edgecdn.dns.PopHealth}) and the socket plumbing. The rules live in the subpackages:
 * {@code zone} (what exists), {@code geo} (where a client is, which PoP), {@code resolve} (how a
 * query is answered), none of which touches a socket.
 */
package org.edgecdn.dns;
