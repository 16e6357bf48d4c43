package org.edgecdn.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.edgecdn.launcher.config.NetworkConfig.SiteCache;
import org.edgecdn.launcher.config.NetworkConfig.SiteSection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuickStartTest {

  @Test
  void behind_isTheDefaultNetworkWithOneSiteNamedAfterTheFirstDomain() {
    URI origin = URI.create("https://origin.mysite.top");
    NetworkConfig config = QuickStart.behind(origin, List.of("www.mysite.top", "MySite.top"));
    NetworkConfig base = NetworkConfigLoader.defaultNetwork();

    assertThat(config.sites()).containsExactly(new SiteSection("mysite",
        List.of("www.mysite.top", "mysite.top"), List.of(origin), Optional.empty(),
        SiteCache.defaults(), List.of()));
    assertThat(config.purge()).isEqualTo(base.purge());
    assertThat(config.cache()).isEqualTo(base.cache());
    assertThat(config.demoOrigin()).isEmpty();
    assertThat(config.pops()).isEqualTo(base.pops());
    assertThat(config.shields()).isEqualTo(base.shields());
    assertThat(config.dns()).isEqualTo(base.dns());
    assertThat(config.locations()).isEqualTo(base.locations());
    assertThat(config.zone()).isEqualTo(base.zone());
  }

  @ParameterizedTest
  @CsvSource({"www.mysite.top, mysite", "Shop.Example, shop", "api.eu.example, api",
      "9gag.com, site-9gag", "localhost, localhost", "www.com, com"})
  void siteName_isTheFirstLabelAfterWww(String domain, String name) {
    SiteSection site = QuickStart.behind(URI.create("http://127.0.0.1:3000"), List.of(domain))
        .sites().get(0);

    assertThat(site.name()).isEqualTo(name);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ftp://origin.example     | bad origin \"ftp://origin.example\": the scheme must be http or"
          + " https, e.g. http://127.0.0.1:8000",
      "http://origin.example/app | bad origin \"http://origin.example/app\": no path allowed"
          + " (requests keep their own path)",
      "origin.example           | bad origin \"origin.example\": the scheme must be http or"
          + " https, e.g. http://127.0.0.1:8000"})
  void behind_refusesABadOriginWithTheLoadersReason(String origin, String message) {
    assertThatThrownBy(() -> QuickStart.behind(URI.create(origin), List.of("mysite.top")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void behind_refusesBadOrMissingDomains() {
    URI origin = URI.create("http://127.0.0.1:3000");

    assertThatThrownBy(() -> QuickStart.behind(origin, List.of("my_site.top")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad domain name \"my_site.top\"");
    assertThatThrownBy(() -> QuickStart.behind(origin, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one domain is required");
    assertThatThrownBy(() -> QuickStart.behind(origin, List.of("a.example", "A.example")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate domain \"a.example\"");
  }
}
