package org.edgecdn.dns.resolve;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.edgecdn.dns.DnsOptions;
import org.edgecdn.dns.PopHealth;
import org.edgecdn.dns.Transport;
import org.edgecdn.dns.geo.CidrTable;
import org.edgecdn.dns.geo.NearestPopSelector;
import org.edgecdn.dns.geo.PopChoice;
import org.edgecdn.dns.geo.PopSelector;
import org.edgecdn.dns.zone.NameLookup;
import org.edgecdn.dns.zone.NameLookup.Found;
import org.edgecdn.dns.zone.NameLookup.NoSuchName;
import org.edgecdn.dns.zone.NameLookup.OutOfZone;
import org.edgecdn.dns.zone.NodeData;
import org.edgecdn.dns.zone.NodeData.Alias;
import org.edgecdn.dns.zone.NodeData.Host;
import org.edgecdn.dns.zone.NodeData.Steered;
import org.edgecdn.dns.zone.ZoneNode;
import org.edgecdn.dns.zone.ZoneSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers one query from the zones and the steering; no sockets, no blocking, safe to share
 * between threads (per-query state lives in the call; the shared {@link ReplyCache} is
 * concurrent).
 *
 * <h2>From bytes to a reply ({@link #handle})</h2>
 * <ol>
 *   <li>Fewer than 12 bytes, or QR set: dropped, nothing to answer or not a query.
 *   <li>Opcode other than QUERY: NOTIMP with the header only (RFC 1035 §4.1.1).
 *   <li>Unparseable (bad names, short records, a malformed Client Subnet option, RFC 7871
 *       §7.2.1): FORMERR with the header only.
 *   <li>The PoP for the client is chosen (A, AAAA, ANY only) and the {@link ReplyCache} asked:
 *       a reply built before for the same question, flags, EDNS, size limit, Client Subnet
 *       prefix and PoP is sent again with this query's ID, question case and subnet patched in.
 *   <li>Otherwise {@link #resolve}, then {@link ResponseWire#fit} to the transport's size limit,
 *       and the reply is kept in the cache if it may be reused.
 * </ol>
 *
 * <h2>Answering ({@link #resolve}, RFC 1034 §4.3.2 for an authoritative server)</h2>
 * <ol>
 *   <li>More than one OPT record, or not exactly one question: FORMERR (RFC 6891 §6.1.1,
 *       RFC 9619). An EDNS version above 0: BADVERS (RFC 6891 §6.1.3).
 *   <li>Class other than IN: REFUSED. AXFR/IXFR: REFUSED, there are no secondaries. Meta types
 *       OPT/TSIG/TKEY as question: FORMERR; MAILA/MAILB: NOTIMP.
 *   <li>Name outside every zone: REFUSED, AA clear (we are not a resolver; RA is always clear).
 *   <li>Name in a zone but absent: NXDOMAIN, AA, the zone's SOA in authority (RFC 2308 §2.1,
 *       its TTL the negative TTL, RFC 2308 §3).
 *   <li>A CNAME and a type other than CNAME/ANY: the CNAME, then the same question for its
 *       target (always {@code <site>.<zone>}, in our own zone) in the same answer (§4.3.2 3a).
 *   <li>Records of the type: the answer. None: NODATA, the SOA of the zone where the chain
 *       ended in authority (RFC 2308 §2.2). So AAAA for a site whose chosen PoP has an IPv4
 *       address is CNAME (for a customer name) plus NODATA, NOERROR.
 *   <li>ANY: one RRset only (RFC 8482 §4.1): the address, the CNAME, or at an apex without
 *       an address a synthesized {@code HINFO "RFC8482" ""} (§4.2).
 * </ol>
 *
 * <h2>Steering</h2>
 * Only A, AAAA and ANY at a steered name ask the selector, once per query. The client is located
 * by the Client Subnet address when the query has one with a non-zero source prefix, else by the
 * source address of the packet; the location table maps it to a place, the selector picks the
 * nearest healthy PoP (see {@link NearestPopSelector}).
 *
 * <h2>EDNS</h2>
 * A query with OPT gets OPT back with our payload size {@value #UDP_PAYLOAD_SIZE} (RFC 6891
 * §6.2.5); DNSSEC OK is not echoed, the zones are unsigned. A Client Subnet option is echoed with
 * SCOPE PREFIX-LENGTH equal to the SOURCE PREFIX-LENGTH when the answer depended on the
 * location, else 0 (RFC 7871 §7.2.1), so that resolvers cache steered answers per subnet and
 * everything else once.
 */
public final class QueryResolver {

  private static final Logger log = LoggerFactory.getLogger(QueryResolver.class);

  /** Our EDNS UDP payload size: the largest UDP reply we send and what OPT advertises. */
  public static final int UDP_PAYLOAD_SIZE = 1232;

  /** RFC 1035 §4.1.1: the fixed header. */
  static final int HEADER_LENGTH = 12;

  /** RFC 8482 §4.2: the CPU field of the HINFO that answers ANY where there is no address. */
  static final String RFC8482 = "RFC8482";

  private final CidrTable locations;
  private final PopSelector selector;
  /**
   * The zones and the replies encoded from them, swapped together by {@link #replaceZones}: a
   * query reads the pair once, so a reply built from old zones only ever lands in the old cache,
   * which is dropped with them.
   */
  private volatile Served served;

  private record Served(ZoneSet zones, ReplyCache replies) {}

  public QueryResolver(ZoneSet zones, CidrTable locations, PopSelector selector) {
    this.served = new Served(Objects.requireNonNull(zones, "zones"), new ReplyCache());
    this.locations = Objects.requireNonNull(locations, "locations");
    this.selector = Objects.requireNonNull(selector, "selector");
  }

  /**
   * The resolver for {@code options}, steering by distance or latency matrix, weighted, among
   * healthy PoPs.
   */
  public static QueryResolver create(DnsOptions options, PopHealth health) {
    return new QueryResolver(
        ZoneSet.of(options),
        CidrTable.of(options.locations()),
        new NearestPopSelector(options.pops(), options.steering(), health));
  }

  /**
   * What to do with a message received from {@code source} over {@code transport}: a reply
   * fitted to the transport's size limit, or nothing. Never throws.
   */
  public Outcome handle(byte[] wire, InetAddress source, Transport transport) {
    Served now = served;
    ReplyCache replies = now.replies();
    if (wire.length < HEADER_LENGTH) {
      return drop(source, transport, "shorter than a DNS header (" + wire.length + " bytes)");
    }
    PlainQuery plain = PlainQuery.read(wire);
    ReplyCache.Lookup lookup = null;
    if (plain != null) {
      try {
        int limit = transport == Transport.TCP ? ResponseWire.TCP_LIMIT : plain.udpLimit();
        lookup = ReplyCache.lookupFor(plain, wire, limit, q -> steer(q, source));
      } catch (RuntimeException e) {
        log.error("DNS cannot steer a query from {}", source.getHostAddress(), e);
        lookup = null;
      }
      if (lookup != null) {
        Outcome.Reply cached = replies.get(lookup);
        if (cached != null) {
          return cached;
        }
      }
    }
    Header header;
    try {
      header = new Header(wire);
    } catch (IOException e) {
      return drop(source, transport, "unreadable header: " + e.getMessage());
    }
    if (header.getFlag(Flags.QR)) {
      return drop(source, transport, "a response (QR set), not a query");
    }
    if (header.getOpcode() != Opcode.QUERY) {
      log.debug(
          "DNS notimp for {} over {}: opcode {} is not implemented",
          source.getHostAddress(),
          transport.wireName(),
          Opcode.string(header.getOpcode()));
      return headerOnlyReply(header, Rcode.NOTIMP);
    }
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException | RuntimeException e) {
      log.debug(
          "DNS formerr for {} over {}: unparseable query: {}",
          source.getHostAddress(),
          transport.wireName(),
          e.getMessage());
      return headerOnlyReply(header, Rcode.FORMERR);
    }
    int limit = ResponseWire.limit(query, transport);
    if (lookup != null && lookup.key().limit() != limit) {
      lookup = null; // cannot happen: PlainQuery reads the payload size as dnsjava does
    }
    Resolution resolution;
    try {
      PopChoice preset = lookup == null ? null : lookup.key().choice();
      resolution = new Exchange(now.zones(), query, source, preset).run();
    } catch (RuntimeException e) {
      log.error("DNS cannot answer {} from {}", query.getQuestion(), source.getHostAddress(), e);
      return headerOnlyReply(header, Rcode.SERVFAIL);
    }
    ResponseWire.Fitted fitted = ResponseWire.fit(resolution.reply(), limit);
    Outcome.Reply reply =
        new Outcome.Reply(
            fitted.wire(), resolution.rcode(), resolution.choice().map(c -> c.pop().name()));
    if (lookup != null) {
      replies.put(lookup, reply, fitted.truncated());
    }
    return reply;
  }

  /**
   * The reply to {@code query} from {@code source} as it goes out over {@code transport}: over
   * UDP, truncated with TC set if it exceeds the client's limit.
   */
  public Message answer(Message query, InetAddress source, Transport transport) {
    return ResponseWire.fit(resolve(query, source).reply(), ResponseWire.limit(query, transport))
        .message();
  }

  /** The complete reply to {@code query} from {@code source}, before any size limit. */
  public Resolution resolve(Message query, InetAddress source) {
    return new Exchange(served.zones(), query, Objects.requireNonNull(source, "source"), null)
        .run();
  }

  /**
   * Answers from {@code zones} from now on (custom domains were added or removed). Encoded
   * replies kept so far are dropped: a name that was NXDOMAIN or REFUSED may exist now.
   */
  public void replaceZones(ZoneSet zones) {
    served = new Served(Objects.requireNonNull(zones, "zones"), new ReplyCache());
  }

  /** The zones answered from now. */
  public ZoneSet zones() {
    return served.zones();
  }

  /** The number of encoded replies kept for reuse, for tests. */
  int cachedReplies() {
    return served.replies().size();
  }

  /** The PoP for a client that sent {@code query} from {@code source}. */
  private PopChoice steer(PlainQuery query, InetAddress source) {
    return selector.select(query.locatedByIpv4Subnet()
        ? locations.locateIpv4(query.ecsIpv4())
        : locations.locate(query.locateBy(source)));
  }

  private static Outcome drop(InetAddress source, Transport transport, String reason) {
    log.debug(
        "DNS dropped message from {} over {}: {}",
        source.getHostAddress(),
        transport.wireName(),
        reason);
    return new Outcome.Drop(reason);
  }

  private static Outcome headerOnlyReply(Header query, int rcode) {
    Message reply = newReply(query);
    reply.getHeader().setRcode(rcode);
    return new Outcome.Reply(reply.toWire(), rcode, Optional.empty());
  }

  /** An empty reply: same ID and opcode, QR set, RD and CD copied (RFC 1035 §4.1.1). */
  private static Message newReply(Header query) {
    Message reply = new Message(query.getID());
    Header header = reply.getHeader();
    header.setFlag(Flags.QR);
    header.setOpcode(query.getOpcode());
    if (query.getFlag(Flags.RD)) {
      header.setFlag(Flags.RD);
    }
    if (query.getFlag(Flags.CD)) {
      header.setFlag(Flags.CD); // RFC 4035 §3.1.6
    }
    return reply;
  }

  /** One query being answered: the reply under construction and the steering decision. */
  private final class Exchange {

    private final ZoneSet zones;
    private final Message query;
    private final InetAddress source;
    private final Message reply;
    private Optional<ClientSubnetOption> subnet = Optional.empty();
    private PopChoice choice;
    private final PopChoice preset;

    /** {@code preset}: the PoP already chosen for this client, or null to choose if needed. */
    Exchange(ZoneSet zones, Message query, InetAddress source, PopChoice preset) {
      this.zones = zones;
      this.query = query;
      this.source = source;
      this.reply = newReply(query.getHeader());
      this.preset = preset;
    }

    Resolution run() {
      List<Record> opts =
          query.getSection(Section.ADDITIONAL).stream()
              .filter(r -> r.getType() == Type.OPT)
              .toList();
      if (opts.size() > 1) {
        return formErr("more than one OPT record (RFC 6891 §6.1.1)");
      }
      List<Record> questions = query.getSection(Section.QUESTION);
      if (questions.size() != 1) {
        return formErr(questions.size() + " questions instead of one (RFC 9619)");
      }
      Record question = questions.get(0);
      reply.addRecord(question, Section.QUESTION);
      OPTRecord opt = opts.isEmpty() ? null : (OPTRecord) opts.get(0);
      if (opt != null) {
        if (opt.getVersion() > 0) {
          debug(question, "badvers", "EDNS version " + opt.getVersion() + " (RFC 6891 §6.1.3)");
          return finish(Rcode.BADVERS, opt);
        }
        List<EDNSOption> subnets = opt.getOptions(EDNSOption.Code.CLIENT_SUBNET);
        if (subnets.size() > 1) {
          return formErr("more than one Client Subnet option (RFC 7871 §7.2.1)");
        }
        subnet =
            subnets.stream()
                .filter(ClientSubnetOption.class::isInstance)
                .map(ClientSubnetOption.class::cast)
                .findFirst();
      }
      return finish(answer(question), opt);
    }

    private int answer(Record question) {
      Name qname = question.getName();
      int qtype = question.getType();
      int qclass = question.getDClass();
      if (qclass != DClass.IN && qclass != DClass.ANY) {
        return refuse(question, "class " + DClass.string(qclass) + " is not served");
      }
      if (qtype == Type.AXFR || qtype == Type.IXFR) {
        return refuse(question, "zone transfers are not offered");
      }
      if (qtype == Type.OPT || qtype == Type.TSIG || qtype == Type.TKEY) {
        debug(question, "formerr", "meta type in the question (RFC 6895 §3.1)");
        return Rcode.FORMERR;
      }
      if (qtype == Type.MAILA || qtype == Type.MAILB) {
        debug(question, "notimp", "obsolete mailbox meta type");
        return Rcode.NOTIMP;
      }
      NameLookup lookup = zones.lookup(qname);
      if (lookup instanceof OutOfZone) {
        return refuse(question, "the name is outside every zone served here");
      }
      reply.getHeader().setFlag(Flags.AA);
      if (lookup instanceof NoSuchName missing) {
        reply.addRecord(missing.zone().negativeSoa(), Section.AUTHORITY);
        return Rcode.NXDOMAIN;
      }
      answerAt(((Found) lookup).node(), qname, qtype);
      return Rcode.NOERROR;
    }

    /** RFC 1034 §4.3.2 step 3: the data at the node, following a CNAME once if needed. */
    private void answerAt(ZoneNode node, Name owner, int qtype) {
      if (node.data() instanceof Alias alias && qtype != Type.CNAME && qtype != Type.ANY) {
        reply.addRecord(cname(owner, alias), Section.ANSWER);
        NameLookup target = zones.lookup(alias.target());
        if (!(target instanceof Found found)) {
          throw new IllegalStateException("CNAME target " + alias.target() + " does not exist");
        }
        answerData(found.node(), alias.target(), qtype);
        return;
      }
      answerData(node, owner, qtype);
    }

    private void answerData(ZoneNode node, Name owner, int qtype) {
      List<Record> records = recordsAt(node, owner, qtype);
      if (records.isEmpty()) {
        reply.addRecord(node.zone().negativeSoa(), Section.AUTHORITY);
        return;
      }
      records.forEach(r -> reply.addRecord(r, Section.ANSWER));
      if (qtype == Type.NS) {
        // Glue: the address of ns1, which sits in our own network zone.
        reply.addRecord(
            address(zones.nameServer(), ZoneSet.ZONE_TTL, zones.nameServerAddress()),
            Section.ADDITIONAL);
      }
    }

    private List<Record> recordsAt(ZoneNode node, Name owner, int qtype) {
      NodeData data = node.data();
      if (qtype == Type.ANY) {
        return anyAt(node, owner);
      }
      if (node.isApex() && qtype == Type.SOA) {
        return List.of(node.zone().soa());
      }
      if (node.isApex() && qtype == Type.NS) {
        return List.copyOf(node.zone().nameServers());
      }
      if (data instanceof Alias alias && qtype == Type.CNAME) {
        return List.of(cname(owner, alias));
      }
      if (qtype == Type.A || qtype == Type.AAAA) {
        return addressAt(node, owner).filter(r -> r.getType() == qtype).stream().toList();
      }
      return List.of();
    }

    /** RFC 8482 §4.1: one RRset stands for all of them. */
    private List<Record> anyAt(ZoneNode node, Name owner) {
      if (node.data() instanceof Alias alias) {
        return List.of(cname(owner, alias));
      }
      Optional<Record> address = addressAt(node, owner);
      if (address.isPresent()) {
        return List.of(address.get());
      }
      if (node.isApex()) {
        return List.of(new HINFORecord(owner, DClass.IN, zones.answerTtl(), RFC8482, ""));
      }
      return List.of();
    }

    private Optional<Record> addressAt(ZoneNode node, Name owner) {
      if (node.data() instanceof Steered) {
        PopChoice pop = steer();
        return Optional.of(address(owner, zones.answerTtl(), pop.address()));
      }
      if (node.data() instanceof Host host) {
        return Optional.of(address(owner, ZoneSet.ZONE_TTL, host.address()));
      }
      return Optional.empty();
    }

    private PopChoice steer() {
      if (choice == null && preset != null) {
        choice = preset;
      } else if (choice == null) {
        InetAddress client = subnet.map(s -> ClientSubnets.locateBy(s, source)).orElse(source);
        choice = selector.select(locations.locate(client));
        if (log.isTraceEnabled()) {
          log.trace(
              "DNS steered {} (located by {}) to {} ({})",
              source.getHostAddress(),
              client.getHostAddress(),
              choice.pop().name(),
              choice.basis());
        }
      }
      return choice;
    }

    private CNAMERecord cname(Name owner, Alias alias) {
      return new CNAMERecord(owner, DClass.IN, zones.answerTtl(), alias.target());
    }

    private Resolution finish(int rcode, OPTRecord queryOpt) {
      if (queryOpt != null) {
        List<EDNSOption> options =
            rcode == Rcode.BADVERS
                ? List.of()
                : subnet.map(s -> List.of(ClientSubnets.echo(s, scope(s)))).orElse(List.of());
        reply.addRecord(
            new OPTRecord(UDP_PAYLOAD_SIZE, rcode >>> 4, 0, 0, options), Section.ADDITIONAL);
      }
      reply.getHeader().setRcode(rcode & 0xF);
      return new Resolution(reply, Optional.ofNullable(choice));
    }

    /** RFC 7871 §7.2.1: the source prefix when the answer depended on it, else 0. */
    private int scope(ClientSubnetOption subnet) {
      return choice != null ? subnet.getSourcePrefixLength() : 0;
    }

    private Resolution formErr(String reason) {
      log.debug("DNS formerr for {}: {}", source.getHostAddress(), reason);
      reply.removeAllRecords(Section.QUESTION);
      reply.getHeader().setRcode(Rcode.FORMERR);
      return new Resolution(reply, Optional.empty());
    }

    private int refuse(Record question, String reason) {
      debug(question, "refused", reason);
      return Rcode.REFUSED;
    }

    private void debug(Record question, String rcode, String reason) {
      if (log.isDebugEnabled()) {
        log.debug(
            "DNS {} for {} {} from {}: {}",
            rcode,
            question.getName(),
            Type.string(question.getType()),
            source.getHostAddress(),
            reason);
      }
    }
  }

  private static Record address(Name owner, long ttl, InetAddress address) {
    return address instanceof Inet4Address
        ? new ARecord(owner, DClass.IN, ttl, address)
        : new AAAARecord(owner, DClass.IN, ttl, address);
  }
}
