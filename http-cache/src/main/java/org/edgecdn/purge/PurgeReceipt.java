package org.edgecdn.purge;

/** What a submitted purge is known by: its id, and its place in the cluster-wide order. */
public record PurgeReceipt(String id, long seq) {}
