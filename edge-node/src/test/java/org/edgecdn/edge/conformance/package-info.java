/**
 * The cache-tests.fyi suite's scenarios (http-tests/cache-tests) run through a running edge over
 * loopback: a scenario DSL ({@link org.edgecdn.edge.conformance.Step}), an origin that plays the
 * suite's server ({@link org.edgecdn.edge.conformance.ConformanceRig}) and the groups of the
 * suite, one class each.
 */
package org.edgecdn.edge.conformance;
