package org.edgecdn.cache;

import org.edgecdn.cache.store.CacheStore;

/** What a node's request path needs to cache: the store, its limits and the clock. */
public record CacheSetup(CacheStore store, CacheOptions options, CacheClock clock) {}
