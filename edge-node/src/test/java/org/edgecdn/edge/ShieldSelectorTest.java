package org.edgecdn.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Upstream;
import org.junit.jupiter.api.Test;

class ShieldSelectorTest {

  private static EdgeOptions.ShieldAddress shield(String name, int port) {
    return new EdgeOptions.ShieldAddress(name, new HostPort("127.0.0.1", port));
  }

  private static final List<EdgeOptions.ShieldAddress> THREE =
      List.of(shield("fra", 8091), shield("iad", 8092), shield("sin", 8093));

  @Test
  void rank_isTheSameOnEveryEdge_forTheSameKey() {
    ShieldSelector one = new ShieldSelector(THREE);
    ShieldSelector other = new ShieldSelector(List.of(THREE.get(2), THREE.get(0), THREE.get(1)));

    for (int i = 0; i < 200; i++) {
      String key = "www.shop.example/products/" + i;
      assertThat(other.rank(key)).isEqualTo(one.rank(key));
    }
  }

  @Test
  void rank_spreadsKeysOverAllShields() {
    ShieldSelector selector = new ShieldSelector(THREE);
    Map<String, Integer> owners = new HashMap<>();
    for (int i = 0; i < 3_000; i++) {
      owners.merge(selector.rank("www.shop.example/p/" + i).get(0).name(), 1, Integer::sum);
    }

    assertThat(owners).hasSize(3);
    assertThat(owners.values()).allSatisfy(count -> assertThat(count).isBetween(800, 1_200));
  }

  @Test
  void removingAShield_movesOnlyItsOwnKeys_toTheirSecondChoice() {
    ShieldSelector all = new ShieldSelector(THREE);
    ShieldSelector withoutSin = new ShieldSelector(THREE.subList(0, 2));

    for (int i = 0; i < 1_000; i++) {
      String key = "www.shop.example/p/" + i;
      List<Upstream> before = all.rank(key);
      Upstream after = withoutSin.rank(key).get(0);
      if (!before.get(0).name().equals("sin")) {
        assertThat(after).isEqualTo(before.get(0));
      } else {
        assertThat(after).isEqualTo(before.get(1));
      }
    }
  }
}
