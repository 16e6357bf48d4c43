package org.edgecdn.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkConfigWriterTest {

  @Test
  void yaml_ofTheDefaultNetwork_readsBackToTheSameNetwork() {
    NetworkConfig demo = NetworkConfigLoader.defaultNetwork();

    ConfigResult again = NetworkConfigLoader.parse(NetworkConfigWriter.yaml(demo), "written");

    assertThat(again).isInstanceOf(ConfigResult.Valid.class);
    assertThat(((ConfigResult.Valid) again).config()).isEqualTo(demo);
  }
}
