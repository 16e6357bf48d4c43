package org.edgecdn.cache;

import org.edgecdn.cache.store.CacheStore;
import org.edgecdn.purge.PurgeGenerations;

/**
 * What a node's request path needs to cache: the store, its limits, the clock, and the purge
 * generations its lookups check ({@link PurgeGenerations#NONE} for a node without a cluster).
 */
public record CacheSetup(CacheStore store, CacheOptions options, CacheClock clock,
    PurgeGenerations generations) {}
