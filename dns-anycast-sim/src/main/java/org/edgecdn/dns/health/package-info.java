/**
 * Active health of the PoPs: HTTP probes of each edge's admin {@code /healthz}, with hysteresis,
 * feeding {@link org.edgecdn.dns.PopHealth} for the steering.
 */
package org.edgecdn.dns.health;
