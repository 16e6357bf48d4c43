package org.edgecdn.dns.resolve;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.edgecdn.dns.geo.PopChoice;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Encoded replies kept for reuse, so that a repeated question costs a parse, a lookup and a copy
 * instead of building records and encoding them again.
 *
 * <h2>What makes two replies equal</h2>
 * The reply to a query is a function of: the question (name compared case-insensitively, type,
 * class), the RD and CD flags (copied into the reply), whether the query has EDNS and the size
 * limit of the transport, the Client Subnet option's family and source prefix length, and the
 * PoP steering picks for the client (see {@link Key}). It differs from the reply to another such
 * query only in bytes that are patched in:
 * <ul>
 *   <li>the ID (bytes 0-1);
 *   <li>the question name, whose letters echo the query's case (resolvers may randomize it);
 *       the name is copied from the query, which is uncompressed at offset 12. Later owners that
 *       repeat it are compression pointers to it, so they follow its case as dnsjava would;
 *   <li>the Client Subnet address, echoed as received in the last bytes of the message (the OPT
 *       record is the last record and the option its only one).
 * </ul>
 * Because the PoP is part of the key, a change of health selects other entries; the cache is
 * emptied when it reaches {@value #MAX_ENTRIES} entries, which also drops those no longer used.
 *
 * <h2>What is not kept</h2>
 * Only NOERROR and NXDOMAIN replies that were not truncated: other response codes are logged
 * once per query at debug level, which a cached reply would skip, and a truncated reply may
 * have lost its OPT record. Only queries of the plain shape that {@link PlainQuery} reads
 * without dnsjava are looked up; any other is answered from scratch.
 */
final class ReplyCache {

  /** Entries kept before the cache starts over. */
  static final int MAX_ENTRIES = 10_000;

  private static final int HEADER_LENGTH = 12;
  private static final int ID_LENGTH = 2;

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  /**
   * What a reply depends on. Built for every query, so it is made to be cheap to hash and compare:
   * the hash is computed once, from the name's bytes, the numbers and the PoP's name (whose
   * {@code String} keeps its own hash), and the PoP is compared by identity before equality (the
   * selector hands out one {@link PopChoice} per location and health snapshot).
   */
  static final class Key {

    private final byte[] name;
    private final int qtype;
    private final int qclass;
    private final int flags;
    private final boolean edns;
    private final int limit;
    private final int ecsFamily;
    private final int ecsPrefix;
    private final PopChoice choice;
    private final int hash;

    /**
     * A key.
     *
     * @param name the question name's wire bytes in lowercase ({@link PlainQuery#name()})
     * @param flags the query's RD and CD flags as bits ({@code 1} RD, {@code 2} CD)
     * @param limit the size limit of the transport for this query ({@link ResponseWire#limit})
     * @param ecsFamily the Client Subnet family, 0 without the option
     * @param ecsPrefix the Client Subnet source prefix length, -1 without the option
     * @param choice the PoP steering picks for this client; null for types that are not steered
     */
    Key(byte[] name, int qtype, int qclass, int flags, boolean edns, int limit, int ecsFamily,
        int ecsPrefix, PopChoice choice) {
      this.name = name;
      this.qtype = qtype;
      this.qclass = qclass;
      this.flags = flags;
      this.edns = edns;
      this.limit = limit;
      this.ecsFamily = ecsFamily;
      this.ecsPrefix = ecsPrefix;
      this.choice = choice;
      int h = Arrays.hashCode(name);
      h = 31 * h + (qtype << 16 | qclass);
      h = 31 * h + (flags << 1 | (edns ? 1 : 0));
      h = 31 * h + limit;
      h = 31 * h + (ecsFamily << 8 | ecsPrefix & 0xff);
      // Equal choices have equal PoP names: a hash consistent with equals, and cached.
      this.hash = 31 * h + (choice == null ? 0 : choice.pop().name().hashCode());
    }

    int limit() {
      return limit;
    }

    PopChoice choice() {
      return choice;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && hash == k.hash
          && qtype == k.qtype
          && qclass == k.qclass
          && flags == k.flags
          && edns == k.edns
          && limit == k.limit
          && ecsFamily == k.ecsFamily
          && ecsPrefix == k.ecsPrefix
          && Arrays.equals(name, k.name)
          && (choice == k.choice || (choice != null && choice.equals(k.choice)));
    }

    @Override
    public String toString() {
      return "Key[" + new String(name, StandardCharsets.ISO_8859_1) + " " + Type.string(qtype)
          + " class " + qclass + " flags " + flags + " edns " + edns + " limit " + limit
          + " ecs " + ecsFamily + "/" + ecsPrefix + " " + choice + "]";
    }
  }

  /** An encoded reply and what the server reports about it. */
  private record Entry(byte[] wire, int rcode, Optional<String> pop) {}

  /** A query that may be answered from the cache: its key and the bytes to patch in. */
  record Lookup(Key key, byte[] query, int nameLength, byte[] subnet) {}

  /**
   * How the plain query {@code query} (encoded in {@code wire}) is looked up; {@code steer}
   * gives the PoP for the client, asked only for the types that are steered.
   */
  static Lookup lookupFor(
      PlainQuery query, byte[] wire, int limit, Function<PlainQuery, PopChoice> steer) {
    int qtype = query.qtype();
    boolean steered = qtype == Type.A || qtype == Type.AAAA || qtype == Type.ANY;
    Key key =
        new Key(
            query.name(),
            qtype,
            query.qclass(),
            query.flags(),
            query.edns(),
            limit,
            query.ecsFamily(),
            query.ecsPrefix(),
            steered ? steer.apply(query) : null);
    return new Lookup(key, wire, query.nameLength(), query.ecsAddress());
  }

  /** The cached reply to this query, patched for it, or null. */
  Outcome.Reply get(Lookup lookup) {
    Entry entry = entries.get(lookup.key());
    if (entry == null) {
      return null;
    }
    byte[] out = entry.wire().clone();
    patch(out, lookup);
    return new Outcome.Reply(out, entry.rcode(), entry.pop());
  }

  /** Keeps {@code reply}, the answer to the query of {@code lookup}, if it may be reused. */
  void put(Lookup lookup, Outcome.Reply reply, boolean truncated) {
    int rcode = reply.rcode();
    if (truncated || (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN)) {
      return;
    }
    byte[] wire = reply.wire();
    // The patch must reproduce this very reply: otherwise the layout is not the expected one.
    byte[] check = wire.clone();
    patch(check, lookup);
    if (!Arrays.equals(check, wire)) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(lookup.key(), new Entry(wire, rcode, reply.pop()));
  }

  /** The number of entries, for tests. */
  int size() {
    return entries.size();
  }

  private static void patch(byte[] out, Lookup lookup) {
    byte[] query = lookup.query();
    System.arraycopy(query, 0, out, 0, ID_LENGTH);
    System.arraycopy(query, HEADER_LENGTH, out, HEADER_LENGTH, lookup.nameLength());
    byte[] subnet = lookup.subnet();
    System.arraycopy(subnet, 0, out, out.length - subnet.length, subnet.length);
  }
}
