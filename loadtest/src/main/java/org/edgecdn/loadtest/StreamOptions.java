package org.edgecdn.loadtest;

import java.util.List;
import java.util.Objects;
import org.edgecdn.loadtest.workload.Workload;

/**
 * One stream of requests in a run: the main traffic, or a side stream such as a purge storm,
 * each with its own target, workload, pacing, connections and figures.
 *
 * @param name how reports call it ({@code traffic}, {@code purge})
 * @param target where its requests go
 * @param workload what it sends
 * @param pacing open (a rate) or closed
 * @param connections keep-alive connections, spread over the lanes and source addresses
 * @param sources local addresses to bind connections to, round robin; empty for the default
 * @param lanes event loops the stream runs on, each with its own connections
 * @param protocol the HTTP version to speak
 * @param reresolve when not null, each source address (or the unbound connections) follows the
 *     target's name through a DNS during the run, starting from the answers it holds (for a
 *     geo DNS, {@link DnsLookup#perSource}); when null, every source connects to the target's
 *     address
 */
public record StreamOptions(String name, Target target, Workload workload, Pacing pacing,
    int connections, List<String> sources, int lanes, Protocol protocol,
    ReresolveOptions reresolve) {

  /**
   * The source key of connections bound to no address (no {@code --source}: the system's
   * default), where answers and resolvers are kept by source address.
   */
  public static final String DEFAULT_SOURCE = "";
  public static final int DEFAULT_CONNECTIONS = 64;
  public static final int MAX_CONNECTIONS = 10_000;

  public StreamOptions {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(pacing, "pacing");
    sources = List.copyOf(sources);
    Objects.requireNonNull(protocol, "protocol");
    if (reresolve != null) {
      List<String> keys = sources.isEmpty() ? List.of(DEFAULT_SOURCE) : sources;
      if (!reresolve.answers().keySet().containsAll(keys)) {
        throw new IllegalArgumentException("following a name needs an answer for every source "
            + "address" + (sources.isEmpty() ? " (\"\" when none is bound)" : "") + ", got "
            + reresolve.answers().keySet());
      }
    }
    if (connections < 1 || connections > MAX_CONNECTIONS) {
      throw new IllegalArgumentException("connections: between 1 and " + MAX_CONNECTIONS
          + ", got " + connections);
    }
    if (lanes < 1 || lanes > connections) {
      throw new IllegalArgumentException("lanes: between 1 and the connections ("
          + connections + "), got " + lanes);
    }
  }

  /** Every source connecting to the target's address. */
  public StreamOptions(String name, Target target, Workload workload, Pacing pacing,
      int connections, List<String> sources, int lanes, Protocol protocol) {
    this(name, target, workload, pacing, connections, sources, lanes, protocol, null);
  }

  /** Over HTTP/1.1. */
  public StreamOptions(String name, Target target, Workload workload, Pacing pacing,
      int connections, List<String> sources, int lanes) {
    this(name, target, workload, pacing, connections, sources, lanes, Protocol.HTTP_1_1);
  }

  /** One lane, no source binding. */
  public static StreamOptions of(String name, Target target, Workload workload, Pacing pacing,
      int connections) {
    return new StreamOptions(name, target, workload, pacing, connections, List.of(), 1);
  }

  public StreamOptions withLanes(int lanes) {
    return new StreamOptions(name, target, workload, pacing, connections, sources, lanes,
        protocol, reresolve);
  }

  public StreamOptions withSources(List<String> sources) {
    return new StreamOptions(name, target, workload, pacing, connections, sources, lanes,
        protocol, reresolve);
  }

  /** Each source follows the target's name through a DNS during the run. */
  public StreamOptions withReresolve(ReresolveOptions reresolve) {
    return new StreamOptions(name, target, workload, pacing, connections, sources, lanes,
        protocol, reresolve);
  }

  /**
   * The address connections bound to {@code source} go to first ({@link #DEFAULT_SOURCE}: the
   * default).
   */
  public String connectHost(String source) {
    if (reresolve != null && reresolve.answers().containsKey(source)) {
      return reresolve.answers().get(source).address();
    }
    return target.connectHost();
  }

  public StreamOptions withProtocol(Protocol protocol) {
    return new StreamOptions(name, target, workload, pacing, connections, sources, lanes,
        protocol, reresolve);
  }
}
