package org.edgecdn.predictor.model;

/**
 * A likely next page.
 *
 * @param page the page
 * @param probability its share of the context's decayed transitions
 * @param support the decayed count of the transition (how much evidence there is)
 * @param order 1 when predicted from the current page alone, 2 from the last two pages
 */
public record Prediction(String page, double probability, double support, int order) {}
