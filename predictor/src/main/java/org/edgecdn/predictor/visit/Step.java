package org.edgecdn.predictor.visit;

import java.util.Optional;

/**
 * What one page view means for its visit: the transition it completes (none for the first view
 * of a visit) and the context to predict the visitor's next page from.
 *
 * @param transition the step that led to this page, empty when the view started a visit
 * @param previous the page before the current one in this visit, or null
 * @param current the page just viewed
 */
public record Step(Optional<Transition> transition, String previous, String current) {}
