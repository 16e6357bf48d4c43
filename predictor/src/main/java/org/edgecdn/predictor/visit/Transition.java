package org.edgecdn.predictor.visit;

/**
 * A step of a visit: from {@code source} to {@code next}, with the page before the source
 * ({@code previous}, null at the start of a visit or when the Referer broke the chain) as the
 * second-order context.
 */
public record Transition(String previous, String source, String next) {}
