/**
 * The cache simulator: eviction policies at one byte budget, replayed over one trace, each
 * reported with its object and byte hit ratios beside Belady's clairvoyant bound. Entry points:
 * {@link org.edgecdn.sim.cache.CachePolicies} (the registry) and {@link
 * org.edgecdn.sim.cache.CacheSimulation} (the run).
 */
package org.edgecdn.sim.cache;
