package org.edgecdn.dns.resolve;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A query read straight from its bytes when it has the plain shape almost every query has, so
 * that a {@link ReplyCache} hit costs no dnsjava parse (which builds a {@code Name} and record
 * objects, and was a quarter of the time per query).
 *
 * <p>Plain means: QR clear, opcode QUERY, one question and nothing else but at most one OPT
 * record (owner the root, version 0) whose options are at most one Client Subnet option
 * (RFC 7871 §6, checked as dnsjava checks it: known family, prefixes within the address, the
 * address exactly as long as the source prefix needs, no bits set beyond it), an uncompressed
 * question name, and no bytes after the last record. Anything else, including other EDNS
 * options such as cookies, is not plain: {@link #read} returns null and the query goes the full
 * way through dnsjava. So everything read here is also a query dnsjava reads, to the same
 * question and option.
 *
 * @param nameLength the length of the question name in the wire, at offset 12
 * @param name the question name's wire bytes, ASCII letters in lowercase (a key, not for
 *     display); label lengths are at most 63, below {@code 'A'}, so they are never folded
 * @param qtype the question type
 * @param qclass the question class
 * @param flags RD and CD as bits ({@code 1} RD, {@code 2} CD): what the reply copies
 * @param edns whether there is an OPT record
 * @param payloadSize its UDP payload size, 0 without EDNS
 * @param ecsFamily the Client Subnet family (1 IPv4, 2 IPv6), 0 without the option
 * @param ecsPrefix the Client Subnet source prefix length, -1 without the option
 * @param ecsAddress the Client Subnet address bytes as sent (source prefix rounded up to bytes)
 */
record PlainQuery(
    int nameLength,
    byte[] name,
    int qtype,
    int qclass,
    int flags,
    boolean edns,
    int payloadSize,
    int ecsFamily,
    int ecsPrefix,
    byte[] ecsAddress) {

  private static final int HEADER = 12;
  private static final int TYPE_OPT = 41;
  private static final int CLIENT_SUBNET = 8;
  private static final byte[] NO_ADDRESS = new byte[0];

  /** The query in {@code wire} if it is plain, else null. */
  static PlainQuery read(byte[] wire) {
    if (wire.length < HEADER + 5) {
      return null;
    }
    int flagBits = u16(wire, 2);
    if ((flagBits & 0x8000) != 0 || ((flagBits >>> 11) & 0xf) != 0) {
      return null; // a response, or not a QUERY
    }
    int additional = u16(wire, 10);
    if (u16(wire, 4) != 1 || u16(wire, 6) != 0 || u16(wire, 8) != 0 || additional > 1) {
      return null;
    }
    int p = HEADER;
    while (true) {
      if (p >= wire.length) {
        return null;
      }
      int label = wire[p] & 0xff;
      if (label == 0) {
        break;
      }
      if (label > 63 || p + 1 + label - HEADER >= 255 || p + 1 + label >= wire.length) {
        return null; // a pointer, a bad label, or a name longer than 255 bytes
      }
      p += label + 1;
    }
    int nameLength = p + 1 - HEADER;
    p++;
    if (p + 4 > wire.length) {
      return null;
    }
    int qtype = u16(wire, p);
    int qclass = u16(wire, p + 2);
    p += 4;
    int flags = ((flagBits & 0x0100) != 0 ? 1 : 0) | ((flagBits & 0x0010) != 0 ? 2 : 0);
    byte[] name = lowercase(wire, HEADER, nameLength);
    if (additional == 0) {
      return p == wire.length
          ? new PlainQuery(nameLength, name, qtype, qclass, flags, false, 0, 0, -1, NO_ADDRESS)
          : null;
    }
    // OPT (RFC 6891 §6.1.2): root owner, TYPE 41, CLASS payload size, TTL rcode/version/flags.
    if (p + 11 > wire.length || wire[p] != 0 || u16(wire, p + 1) != TYPE_OPT) {
      return null;
    }
    int payloadSize = u16(wire, p + 3);
    int version = wire[p + 6] & 0xff;
    int rdLength = u16(wire, p + 9);
    p += 11;
    if (version != 0 || p + rdLength != wire.length) {
      return null;
    }
    int ecsFamily = 0;
    int ecsPrefix = -1;
    byte[] ecsAddress = NO_ADDRESS;
    while (p < wire.length) {
      if (p + 4 > wire.length) {
        return null;
      }
      int code = u16(wire, p);
      int length = u16(wire, p + 2);
      p += 4;
      if (code != CLIENT_SUBNET || ecsPrefix >= 0 || length < 4 || p + length > wire.length) {
        return null;
      }
      int family = u16(wire, p);
      int bits = family == 1 ? 32 : family == 2 ? 128 : -1;
      int source = wire[p + 2] & 0xff;
      int scope = wire[p + 3] & 0xff;
      int bytes = (source + 7) / 8;
      if (bits < 0 || source > bits || scope > bits || length - 4 != bytes) {
        return null;
      }
      int spare = source % 8 == 0 ? 0 : 0xff >>> (source % 8);
      if (bytes > 0 && (wire[p + 4 + bytes - 1] & spare) != 0) {
        return null; // bits set beyond the source prefix
      }
      ecsFamily = family;
      ecsPrefix = source;
      ecsAddress = new byte[bytes];
      System.arraycopy(wire, p + 4, ecsAddress, 0, bytes);
      p += length;
    }
    if (ecsFamily == 2 && subnetAddress(ecsFamily, ecsAddress) instanceof Inet4Address) {
      return null; // an IPv4-mapped address in an IPv6 option: echoed specially
    }
    return new PlainQuery(
        nameLength, name, qtype, qclass, flags, true, payloadSize, ecsFamily, ecsPrefix,
        ecsAddress);
  }

  /** The address to locate the client by: the subnet's if it has a prefix, else the source. */
  InetAddress locateBy(InetAddress source) {
    return ecsPrefix > 0 ? subnetAddress(ecsFamily, ecsAddress) : source;
  }

  /** Whether the client is located by an IPv4 Client Subnet, {@link #ecsIpv4()}. */
  boolean locatedByIpv4Subnet() {
    return ecsPrefix > 0 && ecsFamily == 1;
  }

  /**
   * The IPv4 Client Subnet address as a number, its missing bytes 0: what {@link #locateBy}
   * gives, without making an {@code InetAddress} for every query.
   */
  int ecsIpv4() {
    int address = 0;
    for (int i = 0; i < 4; i++) {
      address = address << 8 | (i < ecsAddress.length ? ecsAddress[i] & 0xff : 0);
    }
    return address;
  }

  /** The size limit of a UDP reply, as {@link ResponseWire#limit} computes it. */
  int udpLimit() {
    return edns
        ? Math.min(Math.max(payloadSize, ResponseWire.PLAIN_UDP_LIMIT),
            QueryResolver.UDP_PAYLOAD_SIZE)
        : ResponseWire.PLAIN_UDP_LIMIT;
  }

  /** {@code length} bytes of {@code wire} from {@code from}, ASCII letters in lowercase. */
  private static byte[] lowercase(byte[] wire, int from, int length) {
    byte[] lower = new byte[length];
    for (int i = 0; i < length; i++) {
      byte b = wire[from + i];
      lower[i] = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
    return lower;
  }

  private static InetAddress subnetAddress(int family, byte[] address) {
    byte[] full = new byte[family == 1 ? 4 : 16];
    System.arraycopy(address, 0, full, 0, address.length);
    try {
      return InetAddress.getByAddress(full);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of 4 or 16 bytes", e);
    }
  }

  private static int u16(byte[] wire, int at) {
    return (wire[at] & 0xff) << 8 | (wire[at + 1] & 0xff);
  }
}
