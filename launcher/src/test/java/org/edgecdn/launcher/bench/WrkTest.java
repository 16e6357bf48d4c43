package org.edgecdn.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WrkTest {

  /** What wrk 4.1 (Debian) printed for a hit run, as is. */
  private static final String HIT_RUN = """
      Running 4s test @ http://127.0.0.1:21577/obj/1024
        1 threads and 64 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency   601.38us  120.50us   5.20ms   90.12%
          Req/Sec   106.91k     2.06k  110.21k    82.50%
        Latency Distribution
           50%  580.00us
           75%  620.00us
           90%  700.00us
           99%    1.02ms
        425395 requests in 4.00s, 471.28MB read
      Requests/sec: 106316.50
      Transfer/sec:    117.79MB
      """;

  @Test
  void parse_hitRun_readsRequestsRateAndPercentiles() {
    Wrk.Figures figures = Wrk.parse(HIT_RUN);

    assertThat(figures.requests()).isEqualTo(425_395);
    assertThat(figures.seconds()).isCloseTo(4.0, within(1e-9));
    assertThat(figures.perSecond()).isCloseTo(106_316.50, within(1e-6));
    assertThat(figures.p50Micros()).isCloseTo(580.0, within(1e-9));
    assertThat(figures.p99Micros()).isCloseTo(1020.0, within(1e-9));
    assertThat(figures.errors()).isZero();
  }

  @Test
  void parse_socketErrorsAndNon2xx_areCountedAsErrors() {
    String output = HIT_RUN.replace("Requests/sec:", """
        Socket errors: connect 1, read 2, write 3, timeout 4
        Non-2xx or 3xx responses: 10
        Requests/sec:""");

    assertThat(Wrk.parse(output).errors()).isEqualTo(20);
  }

  @Test
  void parse_percentilesInSecondsAndMilliseconds_areMicroseconds() {
    String output = HIT_RUN.replace("50%  580.00us", "50%   12.17ms")
        .replace("99%    1.02ms", "99%    1.50s");

    Wrk.Figures figures = Wrk.parse(output);

    assertThat(figures.p50Micros()).isCloseTo(12_170.0, within(1e-6));
    assertThat(figures.p99Micros()).isCloseTo(1_500_000.0, within(1e-6));
  }

  @Test
  void parse_withoutLatencyDistribution_failsNamingWhatIsMissing() {
    String output = HIT_RUN.replaceAll("(?s)Latency Distribution.*?99%[^\\n]*\\n", "");

    assertThatThrownBy(() -> Wrk.parse(output)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("50%");
  }

  @Test
  void micros_everyUnitWrkPrints() {
    assertThat(Wrk.micros("3", "us")).isEqualTo(3.0);
    assertThat(Wrk.micros("3", "ms")).isEqualTo(3_000.0);
    assertThat(Wrk.micros("3", "s")).isEqualTo(3_000_000.0);
    assertThat(Wrk.micros("1", "m")).isEqualTo(60_000_000.0);
  }

  @Test
  void command_pinnedWithHostHeader() {
    Wrk.Load load = new Wrk.Load("http://127.0.0.1:8080/obj/1024", "www.shop.example", 1, 64, 4,
        null, null, null);

    assertThat(Wrk.command(load, 1)).containsExactly("taskset", "-c", "1", "wrk", "-t", "1",
        "-c", "64", "-d", "4s", "--latency", "--timeout", "5s", "-H", "Host: www.shop.example",
        "http://127.0.0.1:8080/obj/1024");
  }

  @Test
  void command_aValidatorGoesAsOneMoreHeader() {
    Wrk.Load load = new Wrk.Load("http://127.0.0.1:8080/obj/1024", "www.shop.example", 1, 64, 4,
        null, null, "If-None-Match: \"1024\"");

    assertThat(Wrk.command(load, -1)).containsSubsequence("-H", "Host: www.shop.example", "-H",
        "If-None-Match: \"1024\"", "http://127.0.0.1:8080/obj/1024");
  }

  @Test
  void command_scriptArgumentComesAfterTheUrl() {
    Wrk.Load load = new Wrk.Load("http://127.0.0.1:8080/", null, 1, 1, 2,
        Path.of("/tmp/unique-urls.lua"), "/miss/edge-1-", null);

    assertThat(Wrk.command(load, -1)).endsWith("-s", "/tmp/unique-urls.lua",
        "http://127.0.0.1:8080/", "--", "/miss/edge-1-").doesNotContain("taskset");
  }

  @Test
  void uniqueUrlsScript_readsItsPrefixFromTheArguments() {
    assertThat(Wrk.UNIQUE_URLS_SCRIPT).contains("init = function(args)", "prefix = args[1]",
        "wrk.format(\"GET\", prefix .. n)");
  }
}
