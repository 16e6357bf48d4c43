package org.edgecdn.launcher.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Single queries with dnsjava's {@link SimpleResolver} over UDP to 127.0.0.1: to wait until a
 * server answers, to show what each server answers for the benchmark's names before the load
 * starts, so that the figures compare like with like, and to capture the replies the floor
 * replays.
 */
final class DnsProbe {

  private static final Duration QUERY_TIMEOUT = Duration.ofMillis(300);

  private DnsProbe() {}

  /**
   * Queries {@code shop.cdn.test A} until an answer comes (any response code), {@code timeout}
   * passes or {@code alive} turns false; throws {@link IllegalStateException} in the latter two.
   */
  static void awaitAnswer(int port, Duration timeout, BooleanSupplier alive)
      throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < until) {
      if (!alive.getAsBoolean()) {
        throw new IllegalStateException("the process exited");
      }
      try {
        query(port, "shop.cdn.test.", false);
        return;
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no answer within " + timeout.toSeconds() + " s (" + last
        + ")");
  }

  /**
   * One query for {@code name} A, with Client Subnet {@link DnsPerf#ECS_SUBNET} when {@code ecs},
   * described on one line: rcode, answer records, the Client Subnet echoed.
   */
  static String describe(int port, String name, boolean ecs) {
    try {
      Message reply = query(port, name, ecs);
      List<String> parts = new ArrayList<>();
      parts.add(Rcode.string(reply.getRcode()));
      for (Record r : reply.getSection(Section.ANSWER)) {
        parts.add(Type.string(r.getType()) + " " + r.rdataToString());
      }
      OPTRecord opt = reply.getOPT();
      if (opt != null) {
        for (EDNSOption option : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET)) {
          ClientSubnetOption subnet = (ClientSubnetOption) option;
          parts.add("ECS " + subnet.getAddress().getHostAddress() + "/"
              + subnet.getSourcePrefixLength() + " scope " + subnet.getScopePrefixLength());
        }
      }
      return String.join(", ", parts);
    } catch (IOException e) {
      return "no answer: " + e.getMessage();
    }
  }

  /**
   * The reply to one query for {@code name} A (with Client Subnet when {@code ecs}), as wire
   * bytes: what {@link DnsFloor} replays.
   */
  static byte[] replyWire(int port, String name, boolean ecs) throws IOException {
    return query(port, name, ecs).toWire();
  }

  private static Message query(int port, String name, boolean ecs) throws IOException {
    SimpleResolver resolver = new SimpleResolver(
        InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    resolver.setPort(port);
    resolver.setTimeout(QUERY_TIMEOUT);
    Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    if (ecs) {
      query.addRecord(new OPTRecord(1232, 0, 0, 0,
          List.of(new ClientSubnetOption(24, InetAddress.getByAddress(new byte[] {127, 0, 2, 0})))),
          Section.ADDITIONAL);
    }
    return resolver.send(query);
  }
}
