package org.edgecdn.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Resolves a target's host name through a given DNS server, before a run and, as each answer's
 * TTL runs out, during it ({@link SourceResolver}), so the run connects to the address that
 * server answers (a geo DNS's choice of edge) while sending the original Host header.
 *
 * <p>With a source address, the query leaves from that address and carries an EDNS Client
 * Subnet option (RFC 7871) with its /24 (/56 for IPv6): a DNS that locates clients by either
 * sees the client where its connections will come from. So each {@code --source} address
 * resolves the name for itself ({@link #perSource}) and sends to the edge it was given, and a
 * run from several regions exercises the DNS steering too.
 *
 * <p>dnsjava's resolver blocks; the lookups run on Vert.x worker threads, never on an event
 * loop. One query over UDP, no recursion asked (the server is authoritative), a CNAME in the
 * answer followed to its A record.
 */
public final class DnsLookup {

  private DnsLookup() {}

  /**
   * The first IPv4 address {@code server} gives for {@code name} when asked from the default
   * source address, without Client Subnet.
   *
   * @param server {@code host:port}, e.g. {@code 127.0.0.1:5353}; the port defaults to 53
   */
  public static Future<String> ipv4(Vertx vertx, String server, String name, Duration timeout) {
    return ipv4(vertx, server, name, null, timeout);
  }

  /**
   * The first IPv4 address {@code server} gives for {@code name} when asked from
   * {@code source} (a local address; null for the default), with that address's subnet as
   * EDNS Client Subnet.
   */
  public static Future<String> ipv4(Vertx vertx, String server, String name, String source,
      Duration timeout) {
    return answer(vertx, server, name, source, timeout).map(Answer::address);
  }

  /**
   * What {@code server} answers for {@code name} when asked from {@code source} (null for the
   * default address): the first IPv4 address and how long it may be kept. A failure's cause
   * sorts with {@link DnsFailure#of}.
   */
  public static Future<Answer> answer(Vertx vertx, String server, String name, String source,
      Duration timeout) {
    return vertx.executeBlocking(() -> resolve(server, name, source, timeout), false);
  }

  /**
   * An answer as a stub resolver keeps it.
   *
   * @param address the first IPv4 address of the answer
   * @param ttl the shortest TTL of the records that led to it (the CNAMEs and the A records): a
   *     cache drops the chain when its first link expires
   * @param addresses every IPv4 address of the answer, in the server's order, {@code address}
   *     first: a round-robin answer rotated between lookups still names the same servers
   */
  public record Answer(String address, Duration ttl, List<String> addresses) {
    public Answer {
      addresses = List.copyOf(addresses);
      if (addresses.isEmpty() || !addresses.get(0).equals(address)) {
        throw new IllegalArgumentException("the first of " + addresses + " is not " + address);
      }
    }

    /** An answer of one address. */
    public Answer(String address, Duration ttl) {
      this(address, ttl, List.of(address));
    }
  }

  /** The answer was not an address: an error code, or no A record for the name. */
  static final class BadAnswerException extends IllegalStateException {
    final DnsFailure cause;

    BadAnswerException(DnsFailure cause, String message) {
      super(message);
      this.cause = cause;
    }
  }

  /**
   * For each source address, the address {@code server} answers for {@code name} when asked
   * from it, in the order given; the lookups run in parallel.
   */
  public static Future<Map<String, Answer>> perSource(Vertx vertx, String server, String name,
      List<String> sources, Duration timeout) {
    List<Future<Answer>> lookups = new ArrayList<>();
    for (String source : sources) {
      lookups.add(answer(vertx, server, name, source, timeout)
          .recover(e -> Future.failedFuture(new IllegalArgumentException("from " + source + ": "
              + e.getMessage(), e))));
    }
    return Future.all(lookups).map(all -> {
      Map<String, Answer> answers = new LinkedHashMap<>();
      for (int i = 0; i < sources.size(); i++) {
        answers.put(sources.get(i), lookups.get(i).result());
      }
      return answers;
    });
  }

  private static Answer resolve(String server, String name, String source, Duration timeout)
      throws IOException {
    HostAndPortText at = HostAndPortText.parse(server, 53);
    SimpleResolver resolver = new SimpleResolver(
        new InetSocketAddress(InetAddress.getByName(at.host()), at.port()));
    resolver.setTimeout(timeout);
    if (source != null) {
      InetAddress local = InetAddress.getByName(source);
      resolver.setLocalAddress(local);
      int prefix = local instanceof Inet4Address ? 24 : 56;
      resolver.setEDNS(0, 0, 0, List.of(new ClientSubnetOption(prefix,
          Address.truncate(local, prefix))));
    }
    Name question;
    try {
      question = Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a host name: " + name);
    }
    Message query = Message.newQuery(Record.newRecord(question, Type.A, DClass.IN));
    query.getHeader().unsetFlag(Flags.RD);
    Message answer = resolver.send(query);
    int rcode = answer.getRcode();
    if (rcode != Rcode.NOERROR) {
      throw new BadAnswerException(DnsFailure.ERROR_ANSWER, Rcode.string(rcode) + " for " + name
          + " from " + server);
    }
    // Follow the chain of CNAMEs the answer holds: www.shop.example -> shop.cdn.test -> A.
    Name wanted = question;
    long ttl = Long.MAX_VALUE;
    for (int hops = 0; hops < 8; hops++) {
      Name next = null;
      List<String> addresses = new ArrayList<>();
      long addressTtl = ttl;
      for (Record record : answer.getSection(Section.ANSWER)) {
        if (record.getName().equals(wanted)) {
          if (record instanceof ARecord a) {
            addresses.add(a.getAddress().getHostAddress());
            addressTtl = Math.min(addressTtl, a.getTTL());
          }
          if (record instanceof CNAMERecord cname) {
            next = cname.getTarget();
            ttl = Math.min(ttl, cname.getTTL());
          }
        }
      }
      if (!addresses.isEmpty()) {
        return new Answer(addresses.get(0), Duration.ofSeconds(Math.min(ttl, addressTtl)),
            addresses);
      }
      if (next == null) {
        break;
      }
      wanted = next;
    }
    throw new BadAnswerException(DnsFailure.NO_ADDRESS, "no A record for " + name + " from "
        + server);
  }

  /** A DNS server's address: {@code host:port}, {@code [v6]:port} or a bare host. */
  public record HostAndPortText(String host, int port) {
    public static HostAndPortText parse(String text, int defaultPort) {
      String host = text;
      int port = defaultPort;
      int colon = text.lastIndexOf(':');
      boolean bracketed = text.startsWith("[");
      if (colon > 0 && (!bracketed || text.charAt(colon - 1) == ']')
          && (bracketed || text.indexOf(':') == colon)) {
        host = text.substring(0, colon);
        try {
          port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad DNS server " + text + ": use host:port");
        }
      }
      if (bracketed) {
        host = host.substring(1, host.length() - 1);
      }
      if (port < 1 || port > 65535 || host.isEmpty()) {
        throw new IllegalArgumentException("bad DNS server " + text + ": use host:port");
      }
      return new HostAndPortText(host, port);
    }
  }
}
