package org.edgecdn.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HitsContendersTest {

  private static final Path DIR = Path.of("/tmp/bench-x");
  private static final Path CACHE = Path.of("/dev/shm/bench-x");

  @Test
  void nginxConf_proxyCacheInMemoryTwoWorkersNoAccessLog() {
    String conf = HitsContenders.nginxConf(DIR, CACHE, 18080, 18000, false, Optional.empty(),
        false);

    assertThat(conf).contains("worker_processes 2;", "daemon off;", "access_log off;",
        "proxy_cache_path /dev/shm/bench-x levels=1:2 keys_zone=hits:16m",
        "listen 127.0.0.1:18080;", "server 127.0.0.1:18000;", "proxy_cache hits;",
        "keepalive 32;", "proxy_set_header Connection \"\";",
        "pid /tmp/bench-x/nginx-18080.pid;",
        "add_header Cache-Status \"nginx; $upstream_cache_status\";")
        .doesNotContain("open_file_cache", "user root;");
  }

  @Test
  void nginxConf_withAccessLogs_buffersItsLogInTheLogDirectory() {
    String conf = HitsContenders.nginxConf(DIR, CACHE, 18080, 18000, false,
        Optional.of(Path.of("/dev/shm/logs")), false);

    assertThat(conf).contains(
        "access_log /dev/shm/logs/nginx-18080-access.log combined buffer=64k flush=1s;")
        .doesNotContain("access_log off;");
  }

  @Test
  void nginxConf_secondRow_addsOpenFileCache() {
    String conf = HitsContenders.nginxConf(DIR, CACHE, 18081, 18000, true, Optional.empty(), false);

    assertThat(conf).contains("open_file_cache max=10000 inactive=60s;",
        "open_file_cache_valid 60s;");
  }

  @Test
  void nginxConf_asRoot_keepsWorkersRootForThePrivateScratchDirectory() {
    assertThat(HitsContenders.nginxConf(DIR, CACHE, 18080, 18000, false, Optional.empty(), true))
        .startsWith("# Written by").contains("\nuser root;\nworker_processes 2;");
  }

  @Test
  void nginxConf_bracesBalance() {
    String conf = HitsContenders.nginxConf(DIR, CACHE, 18080, 18000, true, Optional.empty(), true);

    assertThat(conf.chars().filter(c -> c == '{').count())
        .isEqualTo(conf.chars().filter(c -> c == '}').count());
  }

  @Test
  void varnishVcl_originBackendAndCacheStatus() {
    String vcl = HitsContenders.varnishVcl(18000);

    assertThat(vcl).contains("vcl 4.1;", ".host = \"127.0.0.1\";", ".port = \"18000\";",
        "set resp.http.Cache-Status = \"varnish; hit\";");
  }

  @Test
  void answer_headerIsCaseInsensitive() {
    HitsContenders.Answer answer = new HitsContenders.Answer(200,
        "HTTP/1.1 200 OK\r\ncache-status: edge-eu; hit\r\nContent-Length: 3", new byte[3]);

    assertThat(answer.header("Cache-Status")).isEqualTo("edge-eu; hit");
    assertThat(answer.header("X-None")).isNull();
  }
}
