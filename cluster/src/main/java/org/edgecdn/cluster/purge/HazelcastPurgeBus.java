package org.edgecdn.cluster.purge;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import com.hazelcast.topic.ReliableMessageListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import org.edgecdn.cluster.ClusterMember;
import org.edgecdn.http.metrics.NodeRegistry;
import org.edgecdn.purge.GenerationReplica;
import org.edgecdn.purge.PurgeCommand;
import org.edgecdn.purge.PurgeReceipt;
import org.edgecdn.purge.PurgeService;
import org.edgecdn.purge.PurgeStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster-wide invalidation that never loses a purge (DESIGN §5).
 *
 * <h2>1. Submitting</h2>
 * A purge takes the next sequence from a cluster counter (an entry processor on one key, so
 * sequences are dense and ordered), raises the generation of every scope it covers in the
 * cluster's generation maps, writes its record (seq → what it purges), and only then publishes
 * it on a reliable topic. The caller gets the id and sequence at once.
 *
 * <h2>2. Applying (the fast path)</h2>
 * Every node listens on the topic and applies a message by raising the same generations in its
 * {@link GenerationReplica} (which lookups read) and acknowledging in the cluster's ack map.
 * Applying twice, or late, changes nothing: generations only rise.
 *
 * <h2>3. Never losing one (the slow path)</h2>
 * Sequences are dense, so a node knows it missed a purge when a later one arrives, or when the
 * cluster counter (read every {@link #CHECK_INTERVAL_MILLIS} ms) is ahead of what it applied.
 * It then reads the missing records from the cluster and applies them. Its applied sequence
 * only moves past a purge once that purge is applied, so a fetch that starts meanwhile cannot
 * record a sequence that hides the missed purge. A record that never appears (its submitter
 * died between taking a sequence and writing the record) is skipped after
 * {@link #ABANDONED_AFTER_MILLIS} ms; whatever generations it had written are read on the next
 * catch-up.
 *
 * <h2>4. Joining, rejoining, isolation</h2>
 * A node (re)joining, or merging after a split, reads the generation maps in full before it
 * trusts its cache again. A node that sees no other member for longer than the isolation
 * timeout distrusts its cache (every hit is revalidated upstream) until it is back and caught
 * up. Hazelcast notices a silent member after its heartbeat timeout; the replica's clock starts
 * then, so the fail-safe holds within heartbeat timeout + isolation timeout of the cut.
 */
public final class HazelcastPurgeBus implements PurgeService {

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastPurgeBus.class);

  static final String PREFIX = "edgecdn.purge.";
  public static final String TOPIC = PREFIX + "bus";
  static final String COUNTER = PREFIX + "seq";
  static final String HARD = PREFIX + "hard";
  static final String SOFT = PREFIX + "soft";
  public static final String RECORDS = PREFIX + "records";
  public static final String IDS = PREFIX + "ids";
  public static final String ACKS = PREFIX + "acks";
  static final long CHECK_INTERVAL_MILLIS = 200;
  static final long ABANDONED_AFTER_MILLIS = 5_000;
  /** How many recent sequences a catch-up waits for, in case their submitters are mid-way. */
  static final int RECENT_WINDOW = 64;
  /** The {@code reason} values of {@code cdn_purge_failsafe_events_total}. */
  static final List<String> FAIL_SAFE_REASONS = List.of("join", "merge", "reconnect", "cut");

  private final Vertx vertx;
  private final String nodeName;
  private final List<String> allNodes;
  private final GenerationReplica replica;
  private final Function<PurgeCommand, List<String>> scoper;
  private final LongSupplier clockMillis;
  private final ScheduledExecutorService worker;
  private final MeterRegistry registry;
  private final Map<String, Counter> appliedByKind = new ConcurrentHashMap<>();
  private final Timer propagation;
  private final Counter gapFills;
  private final Map<String, Counter> failSafeEvents = new ConcurrentHashMap<>();
  private volatile boolean connected = true;
  private final Map<Long, Long> missingSince = new ConcurrentHashMap<>();
  private volatile HazelcastInstance hazelcast;
  private volatile LongPredicate dropIncoming = seq -> false;

  /**
   * @param nodeName this node, as acknowledgements name it
   * @param allNodes every node of the network (status reports list each)
   * @param replica the generations this node's cache reads
   * @param scoper the scopes a command covers (needs the site's key normalization)
   * @param clockMillis wall clock, for acknowledgement times
   */
  public HazelcastPurgeBus(Vertx vertx, String nodeName, List<String> allNodes,
      GenerationReplica replica, Function<PurgeCommand, List<String>> scoper,
      LongSupplier clockMillis, MeterRegistry registry) {
    this.vertx = vertx;
    this.nodeName = nodeName;
    this.allNodes = List.copyOf(allNodes);
    this.replica = replica;
    this.scoper = scoper;
    this.clockMillis = clockMillis;
    this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "purge-bus-" + nodeName);
      thread.setDaemon(true);
      return thread;
    });
    this.registry = registry;
    this.propagation = Timer.builder("cdn.purge.propagation")
        .description("From a purge's acceptance to its application on this node")
        .tag("pop", nodeName).serviceLevelObjectives(NodeRegistry.LATENCY_BUCKETS)
        .register(registry);
    this.gapFills = Counter.builder("cdn.purge.gaps")
        .description("Purges this node missed on the topic and applied from the records")
        .tag("pop", nodeName).register(registry);
    for (String kind : PurgeRecords.KINDS) {
      appliedCounter(kind);
    }
    for (String reason : FAIL_SAFE_REASONS) {
      failSafeEvents.put(reason, Counter.builder("cdn.purge.failsafe.events")
          .description("Times this node distrusted its cache: it joined (join), merged after a"
              + " split (merge) or came back (reconnect), and re-read the purge generations, or"
              + " it lost sight of every other member (cut)")
          .tag("pop", nodeName).tag("reason", reason).register(registry));
    }
  }

  /** Starts listening on {@code member}'s cluster and catches up with its generations. */
  public void attach(ClusterMember member) {
    HazelcastInstance instance = member.hazelcast();
    this.hazelcast = instance;
    ITopic<String> topic = instance.getReliableTopic(TOPIC);
    topic.addMessageListener(new Listener());
    instance.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        onMembershipChange(event.getMembers().size());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        onMembershipChange(event.getMembers().size());
      }
    });
    instance.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        LOG.info("purge bus {}: merged after a split, re-reading generations", nodeName);
        failSafeEvents.get("merge").increment();
        worker.execute(this::catchUp);
      }
    });
    // At start a member may be alone for a moment while the others join: that is not a cut.
    replica.connected(instance.getCluster().getMembers().size() > 1 || allNodes.size() <= 1);
    failSafeEvents.get("join").increment();
    worker.execute(this::catchUp);
    worker.scheduleWithFixedDelay(this::checkForGaps, CHECK_INTERVAL_MILLIS,
        CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void onMembershipChange(int members) {
    boolean wasIsolated = replica.isolated();
    boolean connected = members > 1 || allNodes.size() <= 1;
    boolean wasConnected = this.connected;
    this.connected = connected;
    replica.connected(connected);
    if (connected && wasIsolated) {
      LOG.info("purge bus {}: back in the cluster, re-reading generations", nodeName);
      failSafeEvents.get("reconnect").increment();
      worker.execute(this::catchUp);
    } else if (!connected) {
      if (wasConnected) {
        failSafeEvents.get("cut").increment();
      }
      LOG.warn("purge bus {}: no other member in sight; cache distrusted after the isolation "
          + "timeout", nodeName);
    }
  }

  /** Fault injection for tests and the purge benchmark: drop topic messages whose seq matches. */
  public void dropIncoming(LongPredicate seqs) {
    this.dropIncoming = seqs;
  }

  // ---- submitting ----

  @Override
  public Future<PurgeReceipt> submit(PurgeCommand command) {
    HazelcastInstance instance = hazelcast;
    if (instance == null) {
      return Future.failedFuture("node " + nodeName + " has not joined the cluster yet");
    }
    List<String> scopes = scoper.apply(command);
    String id = UUID.randomUUID().toString();
    long issuedAt = clockMillis.getAsLong();
    return vertx.executeBlocking(() -> {
      IMap<String, Long> counter = instance.getMap(COUNTER);
      long seq = counter.executeOnKey("seq", new Processors.Increment());
      IMap<String, Long> generations = instance.getMap(command.soft() ? SOFT : HARD);
      if (!scopes.isEmpty()) {
        generations.executeOnKeys(new HashSet<>(scopes), new Processors.RaiseTo(seq));
      }
      JsonObject record = new JsonObject()
          .put("id", id).put("seq", seq).put("site", command.site())
          .put("kind", command.target().kind()).put("soft", command.soft())
          .put("target", PurgeRecords.targets(command.target()))
          .put("scopes", new JsonArray(scopes))
          .put("issued_at", issuedAt).put("by", nodeName);
      IMap<Long, String> records = instance.getMap(RECORDS);
      records.set(seq, record.encode());
      IMap<String, Long> ids = instance.getMap(IDS);
      ids.set(id, seq);
      instance.<String>getReliableTopic(TOPIC).publish(record.encode());
      return new PurgeReceipt(id, seq);
    }, false);
  }

  // ---- applying ----

  private final class Listener implements ReliableMessageListener<String> {
    @Override
    public void onMessage(Message<String> message) {
      JsonObject record = new JsonObject(message.getMessageObject());
      if (dropIncoming.test(record.getLong("seq"))) {
        LOG.debug("purge bus {}: dropping purge {} (fault injection)", nodeName,
            record.getLong("seq"));
        return;
      }
      apply(record);
      if (replica.hasGap()) {
        worker.execute(HazelcastPurgeBus.this::fillGaps);
      }
    }

    @Override
    public long retrieveInitialSequence() {
      return -1; // from now on: earlier purges come from the catch-up
    }

    @Override
    public void storeSequence(long sequence) {
    }

    @Override
    public boolean isLossTolerant() {
      // Losses are found by sequence gaps and filled from the records map.
      return true;
    }

    @Override
    public boolean isTerminal(Throwable failure) {
      LOG.warn("purge bus {}: listener error: {}", nodeName, failure.toString());
      return false;
    }
  }

  private void apply(JsonObject record) {
    long seq = record.getLong("seq");
    if (seq <= replica.appliedSeq()) {
      return;
    }
    boolean soft = record.getBoolean("soft", false);
    for (Object scope : record.getJsonArray("scopes", new JsonArray())) {
      replica.raise((String) scope, soft, seq);
    }
    replica.applied(seq);
    missingSince.remove(seq);
    long now = clockMillis.getAsLong();
    long issuedAt = record.getLong("issued_at", now);
    appliedCounter(record.getString("kind", "unknown")).increment();
    propagation.record(Math.max(0, now - issuedAt), TimeUnit.MILLISECONDS);
    HazelcastInstance instance = hazelcast;
    if (instance != null) {
      instance.<String, Long>getMap(ACKS).setAsync(seq + "|" + nodeName, now);
    }
  }

  private Counter appliedCounter(String kind) {
    return appliedByKind.computeIfAbsent(kind, k -> Counter.builder("cdn.purges")
        .description("Purges applied by this node, by kind (url, tag, prefix, host, all)")
        .tag("pop", nodeName).tag("kind", k).register(registry));
  }

  private void checkForGaps() {
    try {
      HazelcastInstance instance = hazelcast;
      if (instance == null || !instance.getLifecycleService().isRunning()) {
        return;
      }
      Long latest = instance.<String, Long>getMap(COUNTER).get("seq");
      if (latest != null && latest > replica.appliedSeq()) {
        replica.seen(latest);
        fillGaps();
      }
    } catch (RuntimeException e) {
      LOG.debug("purge bus {}: gap check failed: {}", nodeName, e.toString());
    }
  }

  /** Applies the missing purges between what this node applied and what it has seen. */
  private void fillGaps() {
    HazelcastInstance instance = hazelcast;
    if (instance == null) {
      return;
    }
    IMap<Long, String> records = instance.getMap(RECORDS);
    long from = replica.appliedSeq() + 1;
    long to = replica.highestSeen();
    for (long seq = from; seq <= to; seq++) {
      if (seq <= replica.appliedSeq()) {
        continue;
      }
      String record = records.get(seq);
      if (record != null) {
        gapFills.increment();
        apply(new JsonObject(record));
        continue;
      }
      long now = clockMillis.getAsLong();
      long since = missingSince.computeIfAbsent(seq, s -> now);
      if (now - since > ABANDONED_AFTER_MILLIS) {
        LOG.warn("purge bus {}: purge {} never recorded; its submitter likely failed",
            nodeName, seq);
        missingSince.remove(seq);
        replica.applied(seq);
      } else {
        return; // the next check tries again
      }
    }
  }

  /**
   * Reads every generation from the cluster, so this node knows every purge up to the
   * counter's value before it trusts its cache again.
   */
  private void catchUp() {
    HazelcastInstance instance = hazelcast;
    if (instance == null) {
      return;
    }
    replica.catchingUp(true);
    try {
      long started = clockMillis.getAsLong();
      Long latest = instance.<String, Long>getMap(COUNTER).get("seq");
      long upTo = latest == null ? 0 : latest;
      // Purges at the very end may still be writing their generations: wait for their records
      // (they are written after the generations), or their abandonment.
      IMap<Long, String> records = instance.getMap(RECORDS);
      long waitUntil = System.nanoTime() + ABANDONED_AFTER_MILLIS * 1_000_000;
      for (long seq = Math.max(1, upTo - RECENT_WINDOW + 1); seq <= upTo; seq++) {
        // A worker thread of the bus, never an event loop: waiting here blocks nothing else.
        while (!records.containsKey(seq) && System.nanoTime() - waitUntil < 0) {
          Thread.sleep(20);
        }
      }
      readGenerations(instance.getMap(HARD), false);
      readGenerations(instance.getMap(SOFT), true);
      replica.caughtUpTo(upTo);
      LOG.info("purge bus {}: caught up to purge {} in {} ms", nodeName, upTo,
          clockMillis.getAsLong() - started);
      if (replica.hasGap()) {
        fillGaps();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("purge bus {}: catch-up failed, retrying: {}", nodeName, e.toString());
      worker.schedule(this::catchUp, 500, TimeUnit.MILLISECONDS);
    }
  }

  private void readGenerations(IMap<String, Long> map, boolean soft) {
    for (Map.Entry<String, Long> entry : map.entrySet()) {
      replica.raise(entry.getKey(), soft, entry.getValue());
    }
  }

  // ---- status ----

  @Override
  public Future<Optional<PurgeStatus>> status(String id) {
    HazelcastInstance instance = hazelcast;
    if (instance == null) {
      return Future.failedFuture("node " + nodeName + " has not joined the cluster yet");
    }
    return vertx.executeBlocking(() -> {
      Long seq = instance.<String, Long>getMap(IDS).get(id);
      if (seq == null) {
        return Optional.<PurgeStatus>empty();
      }
      String recordText = instance.<Long, String>getMap(RECORDS).get(seq);
      if (recordText == null) {
        return Optional.<PurgeStatus>empty();
      }
      JsonObject record = new JsonObject(recordText);
      long issuedAt = record.getLong("issued_at");
      Set<String> up = new HashSet<>();
      for (Member member : instance.getCluster().getMembers()) {
        String name = member.getAttribute(ClusterMember.NODE_ATTRIBUTE);
        if (name != null) {
          up.add(name);
        }
      }
      IMap<String, Long> acks = instance.getMap(ACKS);
      List<PurgeStatus.NodeState> nodes = new ArrayList<>();
      for (String node : allNodes) {
        Long ackAt = acks.get(seq + "|" + node);
        if (ackAt != null) {
          nodes.add(new PurgeStatus.NodeState(node, PurgeStatus.State.APPLIED,
              OptionalLong.of(Math.max(0, ackAt - issuedAt))));
        } else {
          nodes.add(new PurgeStatus.NodeState(node,
              up.contains(node) ? PurgeStatus.State.PENDING : PurgeStatus.State.DOWN,
              OptionalLong.empty()));
        }
      }
      return Optional.of(new PurgeStatus(id, seq, PurgeRecords.command(record), issuedAt,
          nodes));
    }, false);
  }

  /** Stops the bus's own thread; the Hazelcast member is closed by its owner. */
  public void close() {
    worker.shutdownNow();
  }
}
