package org.edgecdn.cluster.purge;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * The atomic updates the purge bus makes on cluster maps. Each runs on the partition owner of
 * its key, so concurrent purges from several nodes neither lose nor reorder an update.
 */
final class Processors {

  private Processors() {}

  /** Adds one to the counter and returns the new value: the next purge sequence. */
  static final class Increment implements EntryProcessor<String, Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long process(Map.Entry<String, Long> entry) {
      long next = (entry.getValue() == null ? 0 : entry.getValue()) + 1;
      entry.setValue(next);
      return next;
    }
  }

  /** Raises a generation to at least {@code seq}; generations never go down. */
  static final class RaiseTo implements EntryProcessor<String, Long, Long> {
    private static final long serialVersionUID = 1L;
    private final long seq;

    RaiseTo(long seq) {
      this.seq = seq;
    }

    @Override
    public Long process(Map.Entry<String, Long> entry) {
      long current = entry.getValue() == null ? 0 : entry.getValue();
      if (seq > current) {
        entry.setValue(seq);
        return seq;
      }
      return current;
    }
  }
}
