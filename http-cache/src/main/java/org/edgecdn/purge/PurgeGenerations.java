package org.edgecdn.purge;

import java.util.Set;

/**
 * What the cache asks about purges on its hit path: has a purge covered this entry since its
 * fetch started? Answered from local memory, never by a remote call (DESIGN §5).
 */
public interface PurgeGenerations {

  /** How a stored entry stands against the purges this node knows. */
  enum Coverage {
    /** No purge since its fetch started covers it. */
    VALID,
    /** A soft purge covers it: revalidate before use; still usable for stale-if-error. */
    SOFT_PURGED,
    /** A hard purge covers it: unusable. */
    HARD_PURGED
  }

  /**
   * The sequence up to which this node has applied every purge. A fetch records it when it
   * starts; purges with a higher sequence cover the fetched entry.
   */
  long appliedSeq();

  /**
   * @param host the entry's normalized host
   * @param target its normalized path and query
   * @param tags its cache tags
   * @param fetchSeq {@link #appliedSeq()} when its fetch started
   */
  Coverage check(String site, String host, String target, Set<String> tags, long fetchSeq);

  /**
   * True while this node cannot know which purges it missed (cut off from the cluster longer
   * than the isolation timeout, or catching up after a gap): nothing cached is served without
   * revalidating it upstream.
   */
  boolean distrustCache();

  /** A network without purges (a node running alone, tests): every entry stays valid. */
  PurgeGenerations NONE = new PurgeGenerations() {
    @Override
    public long appliedSeq() {
      return 0;
    }

    @Override
    public Coverage check(String site, String host, String target, Set<String> tags,
        long fetchSeq) {
      return Coverage.VALID;
    }

    @Override
    public boolean distrustCache() {
      return false;
    }
  };
}
