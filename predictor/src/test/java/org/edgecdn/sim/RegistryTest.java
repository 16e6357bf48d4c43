package org.edgecdn.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.edgecdn.sim.Registry.Entry;
import org.junit.jupiter.api.Test;

class RegistryTest {

  private final Registry<Integer, String> registry = Registry.of(List.of(
      new Entry<>("a", "policy a", false, s -> "a" + s),
      new Entry<>("oracle", "the bound", true, s -> "oracle" + s),
      new Entry<>("b", "policy b", false, s -> "b" + s)));

  @Test
  void select_someNames_addsTheBoundInRegistryOrder() {
    assertThat(registry.select(List.of("b")))
        .extracting(Entry::name).containsExactly("oracle", "b");
  }

  @Test
  void select_noNames_isEverything() {
    assertThat(registry.select(List.of())).extracting(Entry::name)
        .containsExactly("a", "oracle", "b");
  }

  @Test
  void select_unknownName_listsTheKnownOnes() {
    assertThatThrownBy(() -> registry.select(List.of("c")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown policy 'c'; known: a, oracle, b");
  }

  @Test
  void create_givesTheSettingToTheFactory() {
    assertThat(registry.bound().create(7)).isEqualTo("oracle7");
  }

  @Test
  void of_withoutABound_isRefused() {
    assertThatThrownBy(() -> Registry.of(List.of(new Entry<Integer, String>("a", "a", false,
        s -> "a")))).hasMessageContaining("no bound");
  }

  @Test
  void of_twoBoundsOrTwoNames_isRefused() {
    Entry<Integer, String> bound = new Entry<>("o", "o", true, s -> "o");
    assertThatThrownBy(() -> Registry.of(List.of(bound, new Entry<>("p", "p", true, s -> "p"))))
        .hasMessageContaining("two bounds");
    assertThatThrownBy(() -> Registry.of(List.of(bound, bound)))
        .hasMessageContaining("two policies named o");
  }
}
