package org.edgecdn.dns.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.edgecdn.dns.DemoNetwork;
import org.edgecdn.dns.PopAddress;
import org.edgecdn.dns.PopHealth;
import org.edgecdn.dns.geo.PopChoice.Basis;
import org.junit.jupiter.api.Test;

class NearestPopSelectorTest {

  private static final ClientLocation PARIS = new ClientLocation(48.86, 2.35, "FR", "eu-west");
  private static final ClientLocation TOKYO = new ClientLocation(35.68, 139.69, "JP", "ap");
  private static final List<PopAddress> POPS =
      List.of(DemoNetwork.US, DemoNetwork.EU, DemoNetwork.AP);

  @Test
  void select_knownLocation_nearestPop() {
    NearestPopSelector selector = new NearestPopSelector(POPS, PopHealth.allHealthy());

    assertThat(selector.select(Optional.of(PARIS)).pop()).isEqualTo(DemoNetwork.EU);
    assertThat(selector.select(Optional.of(TOKYO)).pop()).isEqualTo(DemoNetwork.AP);
  }

  @Test
  void select_equalDistance_firstListedWins() {
    PopAddress east = new PopAddress("east", "127.0.9.1", 0, 10);
    PopAddress west = new PopAddress("west", "127.0.9.2", 0, -10);
    ClientLocation middle = new ClientLocation(0, 0, "XX", "mid");

    assertThat(new NearestPopSelector(List.of(east, west), PopHealth.allHealthy())
        .select(Optional.of(middle)).pop()).isEqualTo(east);
    assertThat(new NearestPopSelector(List.of(west, east), PopHealth.allHealthy())
        .select(Optional.of(middle)).pop()).isEqualTo(west);
  }

  @Test
  void select_healthChanges_followedOnNextQuery() {
    Set<String> down = new HashSet<>();
    NearestPopSelector selector = new NearestPopSelector(POPS, pop -> !down.contains(pop));

    assertThat(selector.select(Optional.of(PARIS)).pop().name()).isEqualTo("eu");
    down.add("eu");
    assertThat(selector.select(Optional.of(PARIS)).pop().name()).isEqualTo("us");
    down.remove("eu");
    assertThat(selector.select(Optional.of(PARIS)).pop().name()).isEqualTo("eu");
  }

  @Test
  void select_noneHealthyAndNoLocation_failOpenToFirst() {
    PopChoice choice = new NearestPopSelector(POPS, pop -> false).select(Optional.empty());

    assertThat(choice.pop()).isEqualTo(DemoNetwork.US);
    assertThat(choice.basis()).isEqualTo(Basis.FAIL_OPEN);
  }

  @Test
  void select_choice_carriesParsedAddress() {
    PopChoice choice =
        new NearestPopSelector(POPS, PopHealth.allHealthy()).select(Optional.of(TOKYO));

    assertThat(choice.address()).isEqualTo(IpLiteral.parse("127.0.3.1"));
  }
}
