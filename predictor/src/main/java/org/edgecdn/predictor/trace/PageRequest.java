package org.edgecdn.predictor.trace;

/**
 * One page view of a clickstream.
 *
 * @param visit the visit it belongs to (an index, unique within its trace)
 * @param page the page id or path
 * @param bytes the page's size (what a fetch from the origin costs)
 * @param timeMillis when it happened (synthetic traces use one second per request)
 */
public record PageRequest(int visit, String page, long bytes, long timeMillis) {}
