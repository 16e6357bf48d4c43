package org.edgecdn.purge;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * A node's local copy of the purge generations, read on every cache lookup (DESIGN §5).
 *
 * <h2>Generations</h2>
 * Each scope ({@link PurgeScopes}) holds the sequence of the newest hard and soft purge that
 * covered it. An entry fetched when the node had applied every purge up to {@code fetchSeq} is
 * covered by a purge when a scope that contains it has a higher generation. So a purge that
 * reaches the node late still removes what was fetched before it, and a duplicate or a late
 * message changes nothing (generations only ever rise).
 *
 * <h2>The applied sequence</h2>
 * Purge sequences are dense (1, 2, 3, ...). {@link #appliedSeq()} is the highest sequence below
 * which every purge has been applied, not the highest seen: a fetch that records it can rely on
 * every earlier purge being in this replica, so a lost message cannot make an old entry look
 * newer than the purge it missed. The bus fills gaps from the cluster's record of purges.
 *
 * <h2>Distrust</h2>
 * While catching up after a gap, a restart or a rejoin, and while cut off from the cluster for
 * longer than the isolation timeout, {@link #distrustCache()} is true and the cache revalidates
 * everything it would have served.
 */
public final class GenerationReplica implements PurgeGenerations {

  private final Map<String, long[]> generations = new ConcurrentHashMap<>();
  private final Map<String, List<PrefixGeneration>> prefixes = new ConcurrentHashMap<>();
  private final TreeSet<Long> appliedAhead = new TreeSet<>();
  private final LongSupplier clockMillis;
  private final long isolationTimeoutMillis;
  private volatile long applied;
  private volatile long highestSeen;
  private volatile boolean catchingUp;
  private volatile long isolatedSinceMillis = -1;

  /**
   * @param clockMillis the node's clock, for the isolation timeout
   * @param isolationTimeoutMillis how long the node may be cut off before it distrusts its cache
   * @param catchingUp whether to start distrusting (a clustered node does until it has read the
   *     cluster's generations)
   */
  public GenerationReplica(LongSupplier clockMillis, long isolationTimeoutMillis,
      boolean catchingUp) {
    this.clockMillis = clockMillis;
    this.isolationTimeoutMillis = isolationTimeoutMillis;
    this.catchingUp = catchingUp;
  }

  private record PrefixGeneration(String host, String pathPrefix, long hard, long soft) {}

  /** Raises {@code scope}'s hard or soft generation to at least {@code seq}. */
  public void raise(String scope, boolean soft, long seq) {
    seen(seq);
    if (scope.startsWith("p|")) {
      raisePrefix(scope, soft, seq);
      return;
    }
    long[] update = soft ? new long[] {0, seq} : new long[] {seq, 0};
    generations.merge(scope, update, (old, add) ->
        new long[] {Math.max(old[0], add[0]), Math.max(old[1], add[1])});
  }

  private void raisePrefix(String scope, boolean soft, long seq) {
    String[] parts = scope.split("\\|", 4);
    String site = parts[1];
    prefixes.compute(site, (s, list) -> {
      List<PrefixGeneration> next = list == null ? new CopyOnWriteArrayList<>()
          : new CopyOnWriteArrayList<>(list);
      PrefixGeneration existing = null;
      for (PrefixGeneration p : next) {
        if (p.host().equals(parts[2]) && p.pathPrefix().equals(parts[3])) {
          existing = p;
        }
      }
      long hard = existing == null ? 0 : existing.hard();
      long softSeq = existing == null ? 0 : existing.soft();
      if (existing != null) {
        next.remove(existing);
      }
      next.add(new PrefixGeneration(parts[2], parts[3], soft ? hard : Math.max(hard, seq),
          soft ? Math.max(softSeq, seq) : softSeq));
      return next;
    });
  }

  /** Records that purge {@code seq} is fully applied here. */
  public synchronized void applied(long seq) {
    seen(seq);
    if (seq <= applied) {
      return;
    }
    appliedAhead.add(seq);
    long next = applied;
    while (appliedAhead.contains(next + 1)) {
      appliedAhead.remove(next + 1);
      next++;
    }
    applied = next;
  }

  /**
   * After reading the cluster's generations in full: every purge up to {@code seq} is now in
   * this replica.
   */
  public synchronized void caughtUpTo(long seq) {
    seen(seq);
    if (seq > applied) {
      applied = seq;
      appliedAhead.headSet(seq, true).clear();
      while (appliedAhead.contains(applied + 1)) {
        appliedAhead.remove(applied + 1);
        applied++;
      }
    }
    catchingUp = false;
  }

  /** Sequences seen but not yet applied in order: a gap the bus must fill. */
  public synchronized boolean hasGap() {
    return highestSeen > applied;
  }

  /** Records that purge {@code seq} exists (a message or the cluster counter said so). */
  public void seen(long seq) {
    if (seq > highestSeen) {
      synchronized (this) {
        highestSeen = Math.max(highestSeen, seq);
      }
    }
  }

  public long highestSeen() {
    return highestSeen;
  }

  public void catchingUp(boolean value) {
    catchingUp = value;
  }

  /** The node's view of the cluster changed: {@code connected} is false when cut off. */
  public void connected(boolean connected) {
    if (connected) {
      isolatedSinceMillis = -1;
    } else if (isolatedSinceMillis < 0) {
      isolatedSinceMillis = clockMillis.getAsLong();
    }
  }

  /** Whether the node has been cut off for longer than the isolation timeout. */
  public boolean isolated() {
    long since = isolatedSinceMillis;
    return since >= 0 && clockMillis.getAsLong() - since > isolationTimeoutMillis;
  }

  public boolean isCatchingUp() {
    return catchingUp;
  }

  @Override
  public long appliedSeq() {
    return applied;
  }

  @Override
  public boolean distrustCache() {
    return catchingUp || isolated();
  }

  @Override
  public Coverage check(String site, String host, String target, Set<String> tags,
      long fetchSeq) {
    if (highestSeen <= fetchSeq) {
      return Coverage.VALID;
    }
    long hard = 0;
    long soft = 0;
    long[] g = generations.get(PurgeScopes.site(site));
    if (g != null) {
      hard = Math.max(hard, g[0]);
      soft = Math.max(soft, g[1]);
    }
    g = generations.get(PurgeScopes.host(site, host));
    if (g != null) {
      hard = Math.max(hard, g[0]);
      soft = Math.max(soft, g[1]);
    }
    g = generations.get(PurgeScopes.url(site, host, target));
    if (g != null) {
      hard = Math.max(hard, g[0]);
      soft = Math.max(soft, g[1]);
    }
    for (String tag : tags) {
      g = generations.get(PurgeScopes.tag(site, tag));
      if (g != null) {
        hard = Math.max(hard, g[0]);
        soft = Math.max(soft, g[1]);
      }
    }
    List<PrefixGeneration> sitePrefixes = prefixes.get(site);
    if (sitePrefixes != null) {
      for (PrefixGeneration p : sitePrefixes) {
        if ((p.host().equals("*") || p.host().equals(host)) && target.startsWith(p.pathPrefix())) {
          hard = Math.max(hard, p.hard());
          soft = Math.max(soft, p.soft());
        }
      }
    }
    if (hard > fetchSeq) {
      return Coverage.HARD_PURGED;
    }
    return soft > fetchSeq ? Coverage.SOFT_PURGED : Coverage.VALID;
  }

  /** Scopes known here, for tests and diagnostics. */
  public int size() {
    return generations.size() + prefixes.values().stream().mapToInt(List::size).sum();
  }

  /** Optional view used by status reports: the generation of one scope, if known. */
  public Optional<long[]> generation(String scope) {
    return Optional.ofNullable(generations.get(scope)).map(long[]::clone);
  }
}
