/**
 * Answering DNS queries without sockets: bytes or a dnsjava {@code Message} in, the reply out.
 * {@link org.edgecdn.dns.resolve.QueryResolver} holds the rules, {@link
 * org.edgecdn.dns.resolve.ResponseWire} the size limits and truncation.
 */
package org.edgecdn.dns.resolve;
