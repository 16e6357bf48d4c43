package org.edgecdn.loadtest;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * An authoritative DNS on 127.0.0.1 and a free UDP port that answers A queries with whatever
 * its function gives for the query, with a TTL; a null answer is no answer at all (the query
 * is dropped, as by a server that is down); {@code a,b} answers two A records, in that order.
 */
final class FakeDns {

  /** What the server saw of one query: its source address, and its Client Subnet or null. */
  record Query(String from, String subnet) {}

  final Queue<Query> queries = new ConcurrentLinkedQueue<>();
  private String address;

  private FakeDns() {}

  /** Listens on {@code vertx}, closed with it; answers {@code answer(query)} with {@code ttl}. */
  static FakeDns start(Vertx vertx, long ttlSeconds, Function<Query, String> answer) {
    DatagramSocket socket = vertx.createDatagramSocket();
    FakeDns dns = new FakeDns();
    socket.handler(packet -> {
      try {
        Message query = new Message(packet.data().getBytes());
        String subnet = null;
        OPTRecord opt = query.getOPT();
        if (opt != null) {
          for (EDNSOption option : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET)) {
            ClientSubnetOption ecs = (ClientSubnetOption) option;
            subnet = ecs.getAddress().getHostAddress() + "/" + ecs.getSourcePrefixLength();
          }
        }
        Query seen = new Query(packet.sender().host(), subnet);
        dns.queries.add(seen);
        String address = answer.apply(seen);
        if (address == null) {
          return;
        }
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        reply.addRecord(question, Section.QUESTION);
        for (String each : address.split(",")) {
          reply.addRecord(new ARecord(question.getName(), DClass.IN, ttlSeconds,
              InetAddress.getByName(each)), Section.ANSWER);
        }
        socket.send(Buffer.buffer(reply.toWire()), packet.sender().port(),
            packet.sender().host());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    TestServer.await(socket.listen(0, "127.0.0.1"));
    dns.address = "127.0.0.1:" + socket.localAddress().port();
    return dns;
  }

  /** {@code host:port}, as {@code --dns} takes it. */
  String address() {
    return address;
  }
}
