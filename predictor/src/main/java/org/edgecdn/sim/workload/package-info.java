/**
 * Workloads for the simulators: a {@link org.edgecdn.sim.workload.Trace} is a sequence of
 * requests for objects of known sizes, made by a seeded {@link
 * org.edgecdn.sim.workload.ZipfWorkload} or read from a {@link
 * org.edgecdn.sim.workload.TraceFile}. Self-contained: the load generator in {@code loadtest}
 * sends real requests and is a different tool.
 */
package org.edgecdn.sim.workload;
