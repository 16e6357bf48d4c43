package org.edgecdn.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A recursive resolver as a test needs one: answers UDP queries on loopback from records the
 * test sets and changes while it runs (a customer creating their CNAME), and counts queries.
 *
 * <p>Only what onboarding asks: CNAME and A. A name with a CNAME answers A queries with the
 * CNAME alone (the chain is not followed); a name with nothing is NXDOMAIN unless
 * {@link #exists} says otherwise; {@link #failing} names answer SERVFAIL.
 */
public final class ScriptedDns implements AutoCloseable {

  private final DatagramChannel channel;
  private final Thread thread;
  private final Map<Name, Name> cnames = new ConcurrentHashMap<>();
  private final Map<Name, List<InetAddress>> addresses = new ConcurrentHashMap<>();
  private final Map<Name, Boolean> empty = new ConcurrentHashMap<>();
  private final Map<Name, Boolean> failing = new ConcurrentHashMap<>();
  private final AtomicInteger queries = new AtomicInteger();

  private ScriptedDns(DatagramChannel channel) {
    this.channel = channel;
    this.thread = new Thread(this::serve, "scripted-dns");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Starts on 127.0.0.1 and a free port. */
  public static ScriptedDns start() throws IOException {
    DatagramChannel channel = DatagramChannel.open();
    channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return new ScriptedDns(channel);
  }

  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code host:port}, as the network file writes a resolver. */
  public String hostPort() {
    return "127.0.0.1:" + address().getPort();
  }

  public ScriptedDns cname(String name, String target) {
    cnames.put(name(name), name(target));
    return this;
  }

  public ScriptedDns a(String name, String... ips) {
    List<InetAddress> list = new ArrayList<>();
    for (String ip : ips) {
      try {
        list.add(InetAddress.getByName(ip));
      } catch (IOException e) {
        throw new IllegalArgumentException(ip, e);
      }
    }
    addresses.put(name(name), List.copyOf(list));
    return this;
  }

  /** The name exists with no records (NODATA rather than NXDOMAIN). */
  public ScriptedDns exists(String name) {
    empty.put(name(name), true);
    return this;
  }

  public ScriptedDns failing(String name) {
    failing.put(name(name), true);
    return this;
  }

  /** Forgets every record of {@code name}. */
  public ScriptedDns clear(String name) {
    Name key = name(name);
    cnames.remove(key);
    addresses.remove(key);
    empty.remove(key);
    failing.remove(key);
    return this;
  }

  public int queries() {
    return queries.get();
  }

  private void serve() {
    ByteBuffer in = ByteBuffer.allocate(1500);
    while (channel.isOpen()) {
      try {
        in.clear();
        SocketAddress from = channel.receive(in);
        in.flip();
        byte[] wire = new byte[in.remaining()];
        in.get(wire);
        queries.incrementAndGet();
        channel.send(ByteBuffer.wrap(answer(new Message(wire)).toWire()), from);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException | RuntimeException e) {
        // A test sent garbage or closed the channel: keep serving the others.
      }
    }
  }

  private Message answer(Message query) {
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.RD);
    reply.getHeader().setFlag(Flags.RA);
    Record question = query.getQuestion();
    reply.addRecord(question, Section.QUESTION);
    Name qname = question.getName();
    if (failing.containsKey(qname)) {
      reply.getHeader().setRcode(Rcode.SERVFAIL);
      return reply;
    }
    Name target = cnames.get(qname);
    if (target != null) {
      reply.addRecord(new CNAMERecord(qname, DClass.IN, 60, target), Section.ANSWER);
      return reply;
    }
    List<InetAddress> ips = addresses.get(qname);
    if (ips != null) {
      if (question.getType() == Type.A) {
        for (InetAddress ip : ips) {
          reply.addRecord(new ARecord(qname, DClass.IN, 60, ip), Section.ANSWER);
        }
      }
      return reply;
    }
    if (!empty.containsKey(qname)) {
      reply.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    return reply;
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text.endsWith(".") ? text : text + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
