package org.edgecdn.sim.workload;

import java.util.Arrays;
import java.util.Objects;

/**
 * A sequence of requests, each for one object of a fixed size in bytes. Objects are numbered
 * {@code 0..objects()-1}; an object's size never changes (a trace file whose key changes size
 * names a new object, see {@link TraceFile}). Immutable, so every policy replays the same trace.
 */
public final class Trace {

  /** What {@link #nextUses()} holds for a request whose object is never requested again. */
  public static final int NEVER = -1;

  private final String description;
  private final int[] requests;
  private final long[] sizes;

  private Trace(String description, int[] requests, long[] sizes) {
    this.description = Objects.requireNonNull(description, "description");
    this.requests = requests;
    this.sizes = sizes;
    for (long size : sizes) {
      if (size <= 0) {
        throw new IllegalArgumentException("object sizes must be positive: " + size);
      }
    }
    for (int object : requests) {
      if (object < 0 || object >= sizes.length) {
        throw new IllegalArgumentException("no such object: " + object);
      }
    }
  }

  /**
   * A trace of these requests (object numbers) over objects of these sizes; both are copied.
   */
  public static Trace of(String description, int[] requests, long[] sizes) {
    return new Trace(description, requests.clone(), sizes.clone());
  }

  /** Takes the arrays as they are: for the generators and parsers of this package. */
  static Trace wrap(String description, int[] requests, long[] sizes) {
    return new Trace(description, requests, sizes);
  }

  /** How the trace was made, for report headings. */
  public String description() {
    return description;
  }

  /** Number of requests. */
  public int length() {
    return requests.length;
  }

  /** The object that request {@code index} asks for. */
  public int object(int index) {
    return requests[index];
  }

  /** Number of objects the trace may name (some may never be requested). */
  public int objects() {
    return sizes.length;
  }

  /** An object's size in bytes. */
  public long size(int object) {
    return sizes[object];
  }

  /** Distinct objects requested at least once. */
  public int distinctObjects() {
    return (int) Arrays.stream(requests).distinct().count();
  }

  /** Bytes of the distinct objects requested: what a cache that never evicts would hold. */
  public long workingSetBytes() {
    boolean[] seen = new boolean[sizes.length];
    long bytes = 0;
    for (int object : requests) {
      if (!seen[object]) {
        seen[object] = true;
        bytes += sizes[object];
      }
    }
    return bytes;
  }

  /** Bytes over all requests. */
  public long requestedBytes() {
    long bytes = 0;
    for (int object : requests) {
      bytes += sizes[object];
    }
    return bytes;
  }

  /**
   * For each request, the index of the next request for the same object, or {@link #NEVER}:
   * what a clairvoyant policy reads. A fresh array each call.
   */
  public int[] nextUses() {
    int[] next = new int[requests.length];
    int[] later = new int[sizes.length];
    Arrays.fill(later, NEVER);
    for (int i = requests.length - 1; i >= 0; i--) {
      next[i] = later[requests[i]];
      later[requests[i]] = i;
    }
    return next;
  }
}
