package org.edgecdn.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgecdn.dns.rrl.RrlOptions;
import org.junit.jupiter.api.Test;

class NetworkConfigWriterTest {

  @Test
  void yaml_ofTheDefaultNetwork_readsBackToTheSameNetwork() {
    NetworkConfig demo = NetworkConfigLoader.defaultNetwork();

    ConfigResult again = NetworkConfigLoader.parse(NetworkConfigWriter.yaml(demo), "written");

    assertThat(again).isInstanceOf(ConfigResult.Valid.class);
    assertThat(((ConfigResult.Valid) again).config()).isEqualTo(demo);
  }

  @Test
  void yaml_latencyAndWeights_readBackTheSame() {
    NetworkConfig demo = NetworkConfigLoader.defaultNetwork();
    List<NetworkConfig.PopSection> pops = demo.pops().stream()
        .map(p -> new NetworkConfig.PopSection(p.name(), p.listen(), p.admin(), p.cluster(),
            p.location(), p.name().equals("ap") ? 0.0 : p.name().equals("eu") ? 2.5 : 1.0))
        .toList();
    Map<String, Map<String, Double>> latency = new LinkedHashMap<>();
    latency.put("eu-west", Map.of("eu", 11.0, "us", 84.25, "ap", 0.8));
    latency.put("us-east", Map.of("us", 0.0));
    NetworkConfig steered = new NetworkConfig(demo.zone(), demo.cluster(), demo.proxy(),
        demo.accessLog(), demo.cache(), demo.demoOrigin(),
        new NetworkConfig.DnsSection(demo.dns().listen(), demo.dns().admin(), demo.dns().ttl(),
            latency),
        demo.shields(), pops, demo.locations(), demo.sites(), demo.purge());

    String yaml = NetworkConfigWriter.yaml(steered);
    ConfigResult again = NetworkConfigLoader.parse(yaml, "written");

    assertThat(again).isInstanceOf(ConfigResult.Valid.class);
    assertThat(((ConfigResult.Valid) again).config()).isEqualTo(steered);
    assertThat(yaml).contains("us: 84.25ms").contains("weight: 2.5").contains("weight: 0.0");
  }

  @Test
  void yaml_httpLoops_writtenWhenFixed_andReadBackTheSame() {
    NetworkConfig demo = NetworkConfigLoader.defaultNetwork();
    NetworkConfig fixed = demo.withHttpLoops(new NetworkConfig.HttpLoops.Fixed(3));

    // auto is the default, left out so an older build can read the file.
    assertThat(NetworkConfigWriter.yaml(demo)).doesNotContain("http-loops");
    assertThat(((ConfigResult.Valid) NetworkConfigLoader.parse(NetworkConfigWriter.yaml(demo),
        "written")).config()).isEqualTo(demo);
    assertThat(((ConfigResult.Valid) NetworkConfigLoader.parse(NetworkConfigWriter.yaml(fixed),
        "written")).config()).isEqualTo(fixed);
  }

  @Test
  void yaml_rateLimit_writtenWhenNotTheDefault_andReadBackTheSame() {
    String file = NetworkConfigLoader.defaultNetworkYaml()
        .replace("    answers-per-second: 100\n", "    answers-per-second: 400\n")
        .replace("    slip: 2\n", "    slip: 0\n");
    NetworkConfig limited =
        ((ConfigResult.Valid) NetworkConfigLoader.parse(file, "edited")).config();

    String yaml = NetworkConfigWriter.yaml(limited);
    ConfigResult again = NetworkConfigLoader.parse(yaml, "written");

    assertThat(limited.dns().rateLimit()).isEqualTo(new RrlOptions(true, 400, 20, 0));
    assertThat(((ConfigResult.Valid) again).config()).isEqualTo(limited);
    assertThat(NetworkConfigWriter.yaml(NetworkConfigLoader.defaultNetwork()))
        .doesNotContain("rate-limit");
  }

  @Test
  void yaml_dnsTcp_writtenWhenNotTheDefault_andReadBackTheSame() {
    String file = NetworkConfigLoader.defaultNetworkYaml()
        .replace("    idle-timeout: 10s\n", "    idle-timeout: 3s\n");
    NetworkConfig edited =
        ((ConfigResult.Valid) NetworkConfigLoader.parse(file, "edited")).config();

    String yaml = NetworkConfigWriter.yaml(edited);

    assertThat(edited.dns().tcp().idleTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(((ConfigResult.Valid) NetworkConfigLoader.parse(yaml, "written")).config())
        .isEqualTo(edited);
    assertThat(NetworkConfigWriter.yaml(NetworkConfigLoader.defaultNetwork()))
        .doesNotContain("idle-timeout");
  }

  @Test
  void yaml_prefetchShare_readsBackTheSame() {
    NetworkConfig demo = NetworkConfigLoader.defaultNetwork();
    List<NetworkConfig.SiteSection> sites = demo.sites().stream()
        .map(s -> new NetworkConfig.SiteSection(s.name(), s.domains(), s.origins(),
            s.healthCheck(), s.cache(), s.purgeTokens(), s.llm(),
            s.prefetch().map(p -> new NetworkConfig.PrefetchSection(p.enabled(), p.threshold(),
                p.minSupport(), p.maxPerView(), p.hints(), p.sessionCookie(), "region"))))
        .toList();
    NetworkConfig shared = new NetworkConfig(demo.zone(), demo.cluster(), demo.proxy(),
        demo.accessLog(), demo.cache(), demo.demoOrigin(), demo.dns(), demo.shields(),
        demo.pops(), demo.locations(), sites, demo.purge());

    String yaml = NetworkConfigWriter.yaml(shared);
    ConfigResult again = NetworkConfigLoader.parse(yaml, "written");

    assertThat(again).isInstanceOf(ConfigResult.Valid.class);
    assertThat(((ConfigResult.Valid) again).config()).isEqualTo(shared);
    assertThat(yaml).contains("share: region");
  }

  @Test
  void yaml_operatorToken_writtenWhenSet_andLeftOutWithout() {
    NetworkConfig demo = NetworkConfigLoader.defaultNetwork();
    NetworkConfig withToken = demo.withOperatorToken(
        Optional.of(new NetworkConfig.OperatorTokenSection("written-operator-token-0123")));
    NetworkConfig without = demo.withOperatorToken(Optional.empty());

    String yaml = NetworkConfigWriter.yaml(withToken);

    assertThat(yaml).contains("operator-token: written-operator-token-0123");
    assertThat(((ConfigResult.Valid) NetworkConfigLoader.parse(yaml, "written")).config())
        .isEqualTo(withToken);
    assertThat(NetworkConfigWriter.yaml(without)).doesNotContain("operator-token");
    assertThat(((ConfigResult.Valid) NetworkConfigLoader.parse(
        NetworkConfigWriter.yaml(without), "written")).config()).isEqualTo(without);
  }
}
