/**
 * Response rate limiting (RRL): per-network token buckets that keep the server from being used
 * as an amplifier of spoofed-source UDP floods; see
 * {@link org.edgecdn.dns.rrl.ResponseRateLimiter}.
 */
package org.edgecdn.dns.rrl;
