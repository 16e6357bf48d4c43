package org.edgecdn.launcher.bench;

import static org.edgecdn.launcher.bench.BenchFutures.await;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.run.NodePlans;
import org.edgecdn.launcher.run.Role;
import org.edgecdn.launcher.run.RunningNetwork;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * How fast the DNS stops sending clients to a dead edge: starts its own network (the DNS, a
 * shield and three edges, each on its own so one can die), asks the DNS every 20 ms for a
 * European client (ECS 127.0.2.0/24, whose nearest PoP is eu), kills eu (cluster member
 * terminated, ports closed), and reports when the last answer naming eu came and when the
 * first answer naming another PoP came. Goal: within 3 s with the default probes (every 1 s,
 * down after 2 failures).
 */
public final class DnsFailoverBench {

  /** The longest any one step of this bench may take. */
  private static final Duration AWAIT = Duration.ofSeconds(60);

  private DnsFailoverBench() {}

  public static int run(PrintStream out, PrintStream progress) throws Exception {
    Vertx vertx = Vertx.vertx();
    List<RunningNetwork> parts = new ArrayList<>();
    try {
      NetworkConfig config = BenchNetwork.demoOnFreePorts("edgecdn-failover-" + System.nanoTime(),
          URI.create("http://127.0.0.1:9"));
      NodePlans plans = new NodePlans(config, false);
      progress.println("dns failover: starting the DNS, a shield and 3 edges on free ports...");
      parts.add(await(RunningNetwork.start(vertx, plans, new Role.Dns(), AccessLog.off()), AWAIT));
      parts.add(await(RunningNetwork.start(vertx, plans, new Role.Shield("shield"),
          AccessLog.off()), AWAIT));
      RunningNetwork victim = null;
      for (NetworkConfig.PopSection pop : config.pops()) {
        RunningNetwork part = await(RunningNetwork.start(vertx, plans, new Role.Edge(pop.name()),
            AccessLog.off()), AWAIT);
        parts.add(part);
        if (pop.name().equals("eu")) {
          victim = part;
        }
      }
      String euAddress = config.pops().stream().filter(p -> p.name().equals("eu")).findFirst()
          .orElseThrow().listen().host();
      HostPort dns = config.dns().listen();
      SimpleResolver resolver = new SimpleResolver(
          new InetSocketAddress(InetAddress.getByName(dns.host()), dns.port()));
      resolver.setTimeout(Duration.ofMillis(500));
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!euAddress.equals(ask(resolver)) && System.nanoTime() < until) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      progress.println("dns failover: European clients get eu; killing eu...");
      long killedAt = System.nanoTime();
      await(victim.kill(), AWAIT);
      long lastEu = killedAt;
      long firstOther = -1;
      until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() < until) {
        String answer = ask(resolver);
        long now = System.nanoTime();
        if (euAddress.equals(answer)) {
          lastEu = now;
        } else if (answer != null && firstOther < 0) {
          firstOther = now;
        }
        if (firstOther > 0 && now - firstOther > Duration.ofSeconds(2).toNanos()) {
          break;
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
      if (firstOther < 0) {
        out.println("dns failover: eu still answered 15 s after it died");
        return 1;
      }
      out.printf(Locale.ROOT, "dns failover: eu killed; last answer naming it %.2f s after, "
              + "first answer naming another PoP %.2f s after (goal <= 3 s)%n",
          (lastEu - killedAt) / 1e9, (firstOther - killedAt) / 1e9);
      return 0;
    } finally {
      for (RunningNetwork part : parts) {
        part.close().toCompletionStage().toCompletableFuture().exceptionally(e -> null)
            .get(20, TimeUnit.SECONDS);
      }
      await(vertx.close(), Duration.ofSeconds(20));
    }
  }

  /** The A address the DNS gives a European client for the demo site, or null. */
  private static String ask(SimpleResolver resolver) {
    try {
      Message query = Message.newQuery(Record.newRecord(Name.fromString("shop.cdn.test."),
          Type.A, DClass.IN));
      query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24,
          InetAddress.getByName("127.0.2.0")))), Section.ADDITIONAL);
      for (Record record : resolver.send(query).getSection(Section.ANSWER)) {
        if (record instanceof ARecord a) {
          return a.getAddress().getHostAddress();
        }
      }
    } catch (Exception e) {
      return null;
    }
    return null;
  }

}
