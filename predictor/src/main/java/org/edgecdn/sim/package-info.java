/**
 * Simulators that replay one workload through every policy of a kind and report each against a
 * bound. The pattern is Caffeine's simulator's [1]: a small policy interface, a {@link
 * org.edgecdn.sim.Registry} of named factories, one trace given to all, and the bound (an
 * oracle that knows the future) always listed, so every figure has a ceiling beside it.
 *
 * <ul>
 *   <li>{@code sim.workload}: seeded synthetic workloads and trace files, as a {@code Trace}.
 *   <li>{@code sim.cache}: eviction policies at a byte budget, Belady's clairvoyant bound.
 * </ul>
 *
 * <p>[1] {@code ben-manes/caffeine}, {@code simulator/.../policy/Policy.java} and
 * {@code Registry.java}.
 */
package org.edgecdn.sim;
