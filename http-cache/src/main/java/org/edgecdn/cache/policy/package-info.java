/**
 * HTTP caching semantics as pure functions over headers and times: what may be stored and for
 * how long ({@link org.edgecdn.cache.policy.Storability}, whose comment is the design essay),
 * age, whether a stored response may serve a request, validation, ranges and invalidation
 * (RFC 9110, RFC 9111, RFC 5861, RFC 9213). No clock, no I/O: times are epoch milliseconds from
 * the caller's injected clock.
 */
package org.edgecdn.cache.policy;
