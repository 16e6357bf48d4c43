package org.edgecdn.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.edgecdn.http.Site;
import org.edgecdn.launcher.config.ConfigResult;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfigLoader;
import org.edgecdn.purge.PurgeReceipt;
import org.edgecdn.purge.PurgeService;
import org.edgecdn.purge.PurgeStatus;
import org.edgecdn.purge.PurgeStatus.NodeState;
import org.edgecdn.purge.PurgeStatus.State;
import org.edgecdn.purge.PurgeTarget;
import org.edgecdn.purge.PurgeTarget.Prefix;
import org.edgecdn.purge.api.PurgeApi;
import org.edgecdn.purge.api.PurgeRateLimiter;
import org.edgecdn.purge.api.PurgeTokens;
import org.edgecdn.purge.api.PurgeTokens.Scope;
import org.edgecdn.purge.api.PurgeTokens.TokenGrant;
import org.edgecdn.testkit.Await;
import org.edgecdn.testkit.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code cdn purge} against the real admin API ({@link PurgeApi}) on loopback, in front of a
 * scripted purge service whose status moves one step per poll.
 */
class PurgeCommandTest {

  private static final String NETWORK = """
      zone: cdn.test
      cluster: {name: c}
      dns: {listen: 127.0.0.1:5353, admin: 127.0.0.1:9053}
      pops:
        - name: eu
          listen: 127.0.0.1:8080
          admin: 127.0.0.1:%d
          cluster: 127.0.0.1:5701
          location: {lat: 0, lon: 0, region: r}
      sites:
        - name: shop
          domains: [www.shop.example, shop.example]
          origins: [http://127.0.0.1:8000]
          purge-tokens:
            - {token: shop-purge-only-0123456789, scopes: [purge]}
            - {token: shop-everything-0123456789, scopes: [purge_all]}
        - name: blog
          domains: [blog.example]
          origins: [http://127.0.0.1:8001]
          purge-tokens:
            - {token: blog-token-0123456789, scopes: [purge, purge_all]}
        - name: wiki
          domains: [wiki.example]
          origins: [http://127.0.0.1:8002]
      """;

  private final ScriptedService service = new ScriptedService();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Vertx vertx;
  private HttpServer server;
  private NetworkConfig network;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    AtomicReference<PurgeApi> api = new AtomicReference<>();
    server = Await.result(vertx.createHttpServer()
        .requestHandler(request -> api.get().handle(request)).listen(0, "127.0.0.1"));
    network = parse(NETWORK.formatted(server.actualPort()));
    // Wired from the network file as a node would be.
    List<TokenGrant> grants = new ArrayList<>();
    List<Site> sites = new ArrayList<>();
    for (NetworkConfig.SiteSection site : network.sites()) {
      sites.add(new Site(site.name(), site.domains(), site.origins(), Optional.empty()));
      site.purgeTokens().forEach(t -> grants.add(new TokenGrant(site.name(), t.token(),
          t.scopes().stream().map(s -> Scope.fromWire(s).orElseThrow())
              .collect(Collectors.toSet()))));
    }
    api.set(new PurgeApi(sites, new PurgeTokens(grants), new PurgeRateLimiter(System::nanoTime),
        service, "eu"));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  // ---- Waiting ----

  @Test
  void purge_appliedEverywhere_printsEachNodeAndASummary_exits0() {
    service.script(
        nodes(node("shield", State.APPLIED, 3), node("eu", State.PENDING, -1)),
        nodes(node("shield", State.APPLIED, 3), node("eu", State.APPLIED, 12)));

    int code = run("--url", "https://www.shop.example/p/1");

    assertThat(code).isZero();
    assertThat(out()).isEqualTo("""
        purge p-1 (seq 41) accepted
          shield  applied  3 ms
          eu      applied  12 ms
        applied on 2/2 nodes in 12 ms
        """);
    assertThat(service.statusCalls.get()).isEqualTo(2);
  }

  @Test
  void purge_completeWithADownNode_exits0AndSaysItCatchesUp() {
    service.script(nodes(node("shield", State.APPLIED, 4), node("ap", State.DOWN, -1)));

    int code = run("--tag", "product-1", "--site", "shop");

    assertThat(code).isZero();
    assertThat(out()).contains("  ap      down\n")
        .contains("applied on 1/2 nodes in 4 ms; down: ap (a down node applies it when it"
            + " returns)");
  }

  @Test
  void purge_notCompleteByTheTimeout_namesPendingAndDownNodes_exits1() {
    service.script(nodes(node("shield", State.APPLIED, 4), node("eu", State.PENDING, -1),
        node("ap", State.DOWN, -1)));

    int code = run("--tag", "product-1", "--site", "shop", "--timeout", "300ms");

    assertThat(code).isEqualTo(1);
    assertThat(out()).contains("  eu      pending\n").contains("  ap      down\n")
        .contains("not applied everywhere within 300ms: pending on eu (up, not applied yet);"
            + " down: ap (applies it when it returns)");
    assertThat(service.statusCalls.get()).isGreaterThan(1);
  }

  @Test
  void purge_noWait_returnsOnceAccepted() {
    int code = run("--host", "shop.example", "--no-wait");

    assertThat(code).isZero();
    assertThat(out()).isEqualTo("purge p-1 (seq 41) accepted\n");
    assertThat(service.statusCalls.get()).isZero();
  }

  // ---- What is sent ----

  static Stream<Arguments> eachKind() {
    return Stream.of(
        Arguments.of(List.of("--url", "https://www.shop.example/a", "https://shop.example/b"),
            new PurgeTarget.Urls(List.of(URI.create("https://www.shop.example/a"),
                URI.create("https://shop.example/b")))),
        Arguments.of(List.of("--tag", "a", "--tag", "b"), new PurgeTarget.Tags(List.of("a", "b"))),
        Arguments.of(List.of("--prefix", "www.shop.example/static/"), new PurgeTarget.Prefixes(
            List.of(new Prefix(Optional.of("www.shop.example"), "/static/")))),
        Arguments.of(List.of("--host", "www.shop.example"),
            new PurgeTarget.Hosts(List.of("www.shop.example"))),
        Arguments.of(List.of("--all"), new PurgeTarget.Everything()));
  }

  @ParameterizedTest
  @MethodSource("eachKind")
  void purge_ofEachKind_submitsThatTargetForTheSite(List<String> args, PurgeTarget target) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--site", "shop", "--no-wait"));

    assertThat(run(all.toArray(String[]::new))).isZero();

    assertThat(service.commands).singleElement().satisfies(command -> {
      assertThat(command.site()).isEqualTo("shop");
      assertThat(command.target()).isEqualTo(target);
    });
  }

  @Test
  void purge_all_usesTheTokenWithPurgeAllScope_andCanFollowIt() {
    service.script(nodes(node("eu", State.APPLIED, 2)));

    // Shop's purge_all token has no purge scope: it must still read its purge's status.
    assertThat(run("--all", "--site", "shop")).isZero();
    assertThat(service.commands).singleElement()
        .satisfies(c -> assertThat(c.target()).isEqualTo(new PurgeTarget.Everything()));
  }

  @Test
  void purge_soft_sendsSoft() {
    run("--tag", "a", "--site", "shop", "--soft", "--no-wait");

    assertThat(service.commands).singleElement().satisfies(c -> assertThat(c.soft()).isTrue());
  }

  @Test
  void purge_withoutSite_picksTheSiteOwningTheUrlsDomain() {
    assertThat(run("--url", "https://blog.example/post/1", "--no-wait")).isZero();

    assertThat(service.commands).singleElement()
        .satisfies(c -> assertThat(c.site()).isEqualTo("blog"));
  }

  // ---- Refusals ----

  @Test
  void purge_refusedByTheApi_printsItsMessage_exits2() {
    int code = run("--url", "https://blog.example/x", "--site", "shop");

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("refused (HTTP 400): \"files\"[0]: \"https://blog.example/x\": "
        + "\"blog.example\" is not a domain of site shop");
    assertThat(service.commands).isEmpty();
  }

  @Test
  void purge_whenTheClusterFails_printsTheReason_exits1() {
    service.failure = "no cluster quorum";

    int code = run("--tag", "a", "--site", "shop");

    assertThat(code).isEqualTo(1);
    assertThat(err()).contains("refused (HTTP 503)").contains("no cluster quorum");
  }

  @Test
  void purge_whenTheApiIsDown_saysSo_exits1() {
    network = parse(NETWORK.formatted(FreePorts.loopback()));

    int code = run("--tag", "a", "--site", "shop");

    assertThat(code).isEqualTo(1);
    assertThat(err()).contains("cannot reach the admin API at http://127.0.0.1:")
        .contains("connection refused");
  }

  // ---- Bad arguments ----

  @Test
  void purge_withoutAKind_exits2() {
    assertThat(run("--site", "shop")).isEqualTo(2);
    assertThat(err()).contains("give exactly one of --url, --tag, --prefix, --host, --all");
  }

  @Test
  void purge_withTwoKinds_exits2() {
    assertThat(run("--tag", "a", "--all", "--site", "shop")).isEqualTo(2);
    assertThat(err()).contains("give exactly one of");
  }

  @Test
  void purge_severalSitesAndNothingTellsWhich_exits2() {
    assertThat(run("--tag", "a")).isEqualTo(2);
    assertThat(err()).contains("the network has several sites (shop, blog, wiki): name one with"
        + " --site");
  }

  @Test
  void purge_targetsOfTwoSites_exits2() {
    assertThat(run("--url", "https://shop.example/a", "https://blog.example/b")).isEqualTo(2);
    assertThat(err()).contains("the targets belong to several sites (shop, blog)");
  }

  @Test
  void purge_unknownSite_exits2() {
    assertThat(run("--tag", "a", "--site", "news")).isEqualTo(2);
    assertThat(err()).contains("no site named news in the network (sites: shop, blog, wiki)");
  }

  @Test
  void purge_siteWithoutAToken_exits2() {
    assertThat(run("--tag", "a", "--site", "wiki")).isEqualTo(2);
    assertThat(err()).contains("site wiki has no purge token with scope purge");
  }

  @Test
  void purge_badTimeout_exits2() {
    assertThat(run("--tag", "a", "--site", "shop", "--timeout", "soon")).isEqualTo(2);
    assertThat(err()).contains("bad duration \"soon\"");
  }

  @Test
  void purge_badNetworkFile_exits2(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("net.yaml"), "zone: [\n");
    PurgeCommand command = new PurgeCommand(null, print(out), print(err));

    int code = new CommandLine(command).setErr(new PrintWriter(err, true))
        .execute("--tag", "a", "--config", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains(file + ": (yaml)");
  }

  @Test
  void command_canBeBuiltByPicocliFromItsClass() {
    assertThat(new CommandLine(PurgeCommand.class).getCommandName()).isEqualTo("purge");
  }

  // ---- Helpers ----

  private int run(String... args) {
    PurgeCommand command = new PurgeCommand(network, print(out), print(err));
    return new CommandLine(command).setErr(new PrintWriter(err, true)).execute(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static PrintStream print(ByteArrayOutputStream to) {
    return new PrintStream(to, true, StandardCharsets.UTF_8);
  }

  private static NetworkConfig parse(String yaml) {
    ConfigResult result = NetworkConfigLoader.parse(yaml, "test.yaml", Map.of());
    assertThat(result).isInstanceOf(ConfigResult.Valid.class);
    return ((ConfigResult.Valid) result).config();
  }

  private static NodeState node(String name, State state, long tookMillis) {
    return new NodeState(name, state,
        tookMillis < 0 ? OptionalLong.empty() : OptionalLong.of(tookMillis));
  }

  private static List<NodeState> nodes(NodeState... nodes) {
    return List.of(nodes);
  }

  /** Accepts every purge as p-1, seq 41; each status read moves one step along the script. */
  private static final class ScriptedService implements PurgeService {
    final List<org.edgecdn.purge.PurgeCommand> commands = new ArrayList<>();
    final AtomicInteger statusCalls = new AtomicInteger();
    private final List<List<NodeState>> script = new ArrayList<>();
    volatile String failure;

    void script(List<NodeState>... steps) {
      script.addAll(List.of(steps));
    }

    @Override
    public synchronized Future<PurgeReceipt> submit(org.edgecdn.purge.PurgeCommand command) {
      if (failure != null) {
        return Future.failedFuture(failure);
      }
      commands.add(command);
      return Future.succeededFuture(new PurgeReceipt("p-1", 41));
    }

    @Override
    public synchronized Future<Optional<PurgeStatus>> status(String id) {
      int step = Math.min(statusCalls.getAndIncrement(), script.size() - 1);
      if (!id.equals("p-1") || step < 0) {
        return Future.succeededFuture(Optional.empty());
      }
      return Future.succeededFuture(Optional.of(
          new PurgeStatus(id, 41, commands.get(0), 1_700_000_000_000L, script.get(step))));
    }
  }
}
