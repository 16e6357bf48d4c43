package org.edgecdn.predictor.model;

/** One of a site's strongest first-order transitions, for reports and the admin API. */
public record TopTransition(String from, String to, double probability, double support) {}
