package org.edgecdn.edge.conformance;

import java.util.List;

/**
 * A conformance scenario: requests for one URL sent in order to a cache, each step saying what
 * the origin answers and what the client must see.
 *
 * @param id the cache-tests.fyi test id, with a note in brackets where ours is a documented
 *     choice among those the suite accepts
 */
record Scenario(String id, List<Step> steps) {

  static Scenario of(String id, Step... steps) {
    return new Scenario(id, List.of(steps));
  }

  @Override
  public String toString() {
    return id;
  }
}
