package org.edgecdn.dns.resolve;

import org.edgecdn.dns.Transport;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;

/**
 * How large a reply may be, and what is sent when it is larger.
 *
 * <ul>
 *   <li>UDP without EDNS: 512 bytes (RFC 1035 §2.3.4, §4.2.1).
 *   <li>UDP with EDNS: the client's advertised payload size, read as at least 512 (RFC 6891
 *       §6.2.5) and at most {@link QueryResolver#UDP_PAYLOAD_SIZE}, our own limit (1232 bytes,
 *       the DNS Flag Day 2020 value that avoids IP fragmentation).
 *   <li>TCP: 65535, what the two-byte length prefix can say (RFC 1035 §4.2.2, RFC 7766 §8).
 * </ul>
 *
 * <p>A reply that does not fit is replaced by its header with TC set, its question and its OPT
 * record (RFC 2181 §9: a truncated answer is not to be used anyway, so nothing half is sent;
 * RFC 6891 §7: the OPT stays), and the client retries over TCP.
 */
public final class ResponseWire {

  public static final int PLAIN_UDP_LIMIT = 512;
  public static final int TCP_LIMIT = 65535;

  private ResponseWire() {}

  /** The reply as sent, and its encoding. */
  public record Fitted(Message message, byte[] wire) {

    public boolean truncated() {
      return message.getHeader().getFlag(Flags.TC);
    }
  }

  /** The largest reply {@code query} may receive over {@code transport}. */
  public static int limit(Message query, Transport transport) {
    if (transport == Transport.TCP) {
      return TCP_LIMIT;
    }
    OPTRecord opt = query.getOPT();
    if (opt == null) {
      return PLAIN_UDP_LIMIT;
    }
    int client = Math.max(opt.getPayloadSize(), PLAIN_UDP_LIMIT);
    return Math.min(client, QueryResolver.UDP_PAYLOAD_SIZE);
  }

  /** {@code reply} if it fits in {@code limit} bytes, else its truncated form (TC set). */
  public static Fitted fit(Message reply, int limit) {
    byte[] wire = reply.toWire();
    if (wire.length <= limit) {
      return new Fitted(reply, wire);
    }
    Message truncated = truncated(reply, true, true);
    wire = truncated.toWire();
    if (wire.length > limit) {
      truncated = truncated(reply, true, false);
      wire = truncated.toWire();
    }
    if (wire.length > limit) {
      truncated = truncated(reply, false, false);
      wire = truncated.toWire();
    }
    return new Fitted(truncated, wire);
  }

  /**
   * {@code reply} cut to its header (TC set), question and OPT, whatever its size: what response
   * rate limiting sends when it slips a response, so the client retries over TCP.
   */
  public static Fitted truncate(Message reply) {
    Message truncated = truncated(reply, true, true);
    return new Fitted(truncated, truncated.toWire());
  }

  private static Message truncated(Message reply, boolean withQuestion, boolean withOpt) {
    Message out = new Message(reply.getHeader().getID());
    copyHeader(reply.getHeader(), out.getHeader());
    out.getHeader().setFlag(Flags.TC);
    if (withQuestion) {
      reply.getSection(Section.QUESTION).forEach(q -> out.addRecord(q, Section.QUESTION));
    }
    OPTRecord opt = reply.getOPT();
    if (withOpt && opt != null) {
      out.addRecord(opt, Section.ADDITIONAL);
    }
    return out;
  }

  /** Copies flags, opcode and rcode; the section counts follow the records added. */
  static void copyHeader(Header from, Header to) {
    to.setID(from.getID());
    to.setOpcode(from.getOpcode());
    to.setRcode(from.getRcode());
    for (int flag = 0; flag < 16; flag++) {
      if (Flags.isFlag(flag) && from.getFlag(flag)) {
        to.setFlag(flag);
      }
    }
  }
}
