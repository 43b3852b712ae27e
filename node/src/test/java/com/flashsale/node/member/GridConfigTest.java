package com.flashsale.node.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.merge.LedgerMergePolicy;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who decides a member's cluster name, port and join: a {@code FLASHSALE_*} variable that is set, then
 * Hazelcast's {@code HZ_*}/{@code -Dhz.*} overrides, then {@code hazelcast.yaml}, then the
 * {@code FLASHSALE_*} defaults; two explicit values that disagree stop the member.
 */
class GridConfigTest {

  @TempDir
  Path directory;

  @Test
  void without_any_setting_a_member_joins_flashsale_over_tcp_ip_on_localhost_never_by_multicast() {
    Config config = GridConfig.member(settings(Map.of()), HazelcastOverrides.none());

    assertThat(config.getClusterName()).isEqualTo("flashsale");
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
  }

  @Test
  void a_flashsale_variable_that_is_set_is_applied() {
    Config config = GridConfig.member(settings(Map.of("FLASHSALE_CLUSTER_NAME", "shop", "FLASHSALE_HZ_PORT", "5801",
        "FLASHSALE_MEMBERS", "10.0.0.1, 10.0.0.2:5702")), HazelcastOverrides.none());

    assertThat(config.getClusterName()).isEqualTo("shop");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("10.0.0.1", "10.0.0.2:5702");
  }

  @Test
  void an_unset_flashsale_members_does_not_force_tcp_ip_when_an_override_chooses_kubernetes() {
    HazelcastOverrides overrides = HazelcastOverrides.of(Map.of("HZ_NETWORK_JOIN_KUBERNETES_ENABLED", "true",
        "HZ_NETWORK_JOIN_MULTICAST_ENABLED", "false"), new Properties());

    Config config = GridConfig.member(settings(Map.of()), overrides);

    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).isEmpty();
  }

  @Test
  void an_unset_flashsale_members_keeps_the_join_of_the_operators_file() throws IOException {
    Path file = yaml("""
        hazelcast:
          cluster-name: from-file
          network:
            join:
              multicast:
                enabled: false
              tcp-ip:
                enabled: true
                member-list:
                  - 10.1.1.1
        """);

    Config config = GridConfig.member(settings(Map.of("FLASHSALE_HZ_CONFIG", file.toString())), HazelcastOverrides.none());

    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("10.1.1.1");
    assertThat(config.getClusterName()).as("the file's name, not the FLASHSALE default").isEqualTo("from-file");
  }

  @Test
  void a_flashsale_members_that_is_set_replaces_the_files_join() throws IOException {
    Path file = yaml("""
        hazelcast:
          network:
            join:
              multicast:
                enabled: true
        """);

    Config config = GridConfig.member(settings(Map.of("FLASHSALE_HZ_CONFIG", file.toString(), "FLASHSALE_MEMBERS", "10.2.2.2")),
        HazelcastOverrides.none());

    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.2.2.2");
  }

  @Test
  void an_override_of_the_cluster_name_is_not_overwritten_by_the_flashsale_default() {
    Properties properties = new Properties();
    properties.setProperty("hz.clustername", "from-override");
    Config config = GridConfig.base(Settings.defaults());
    config.setClusterName("from-override"); // what Hazelcast's loader made of it

    GridConfig.applyEnvironment(config, settings(Map.of()), HazelcastOverrides.of(Map.of(), properties));

    assertThat(config.getClusterName()).isEqualTo("from-override");
  }

  @Test
  void a_flashsale_variable_and_an_override_that_agree_are_fine() {
    Config config = GridConfig.member(settings(Map.of("FLASHSALE_CLUSTER_NAME", "same")),
        HazelcastOverrides.of(Map.of("HZ_CLUSTERNAME", "same"), new Properties()));

    assertThat(config.getClusterName()).isEqualTo("same");
  }

  @Test
  void a_cluster_name_set_both_ways_with_different_values_stops_the_member_naming_both() {
    assertThatThrownBy(() -> GridConfig.member(settings(Map.of("FLASHSALE_CLUSTER_NAME", "a")),
        HazelcastOverrides.of(Map.of("HZ_CLUSTERNAME", "b"), new Properties())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FLASHSALE_CLUSTER_NAME=a").hasMessageContaining("HZ_CLUSTERNAME=b");
  }

  @Test
  void a_port_set_both_ways_with_different_values_stops_the_member_naming_both() {
    Properties properties = new Properties();
    properties.setProperty("hz.network.port.port", "5799");

    assertThatThrownBy(() -> GridConfig.member(settings(Map.of("FLASHSALE_HZ_PORT", "5701")),
        HazelcastOverrides.of(Map.of(), properties)))
        .hasMessageContaining("FLASHSALE_HZ_PORT=5701").hasMessageContaining("-Dhz.network.port.port=5799");
  }

  @Test
  void flashsale_members_and_an_override_choosing_another_join_stop_the_member_naming_both() {
    assertThatThrownBy(() -> GridConfig.member(settings(Map.of("FLASHSALE_MEMBERS", "10.0.0.1")),
        HazelcastOverrides.of(Map.of("HZ_NETWORK_JOIN_KUBERNETES_ENABLED", "true"), new Properties())))
        .hasMessageContaining("FLASHSALE_MEMBERS=10.0.0.1").hasMessageContaining("HZ_NETWORK_JOIN_KUBERNETES_ENABLED=true");
    assertThatThrownBy(() -> GridConfig.member(settings(Map.of("FLASHSALE_MEMBERS", "10.0.0.1")),
        HazelcastOverrides.of(Map.of("HZ_NETWORK_JOIN_TCPIP_MEMBERS", "10.0.0.9"), new Properties())))
        .hasMessageContaining("HZ_NETWORK_JOIN_TCPIP_MEMBERS=10.0.0.9");
  }

  @Test
  void overrides_are_read_as_hazelcast_reads_them() {
    Properties properties = new Properties();
    properties.setProperty("hz.network.join.tcp-ip.members", "10.0.0.3");
    properties.setProperty("unrelated", "x");
    HazelcastOverrides overrides = HazelcastOverrides.of(Map.of("HZ_CLUSTERNAME", "x", "HZ_HOME", "/opt/hazelcast",
        "PATH", "/bin"), properties);

    assertThat(overrides.byPath()).containsOnlyKeys("clustername", "network.join.tcpip.members");
    assertThat(overrides.get("network.join.tcpip.members").orElseThrow().source()).isEqualTo("-Dhz.network.join.tcp-ip.members");
    assertThat(overrides.touches("network.join")).isTrue();
  }

  @Test
  void with_a_majority_required_every_map_a_placement_writes_is_protected_backed_up_synchronously_and_never_indeterminate() {
    Config config = GridConfig.member(settings(Map.of("FLASHSALE_MIN_MEMBERS", "2")), HazelcastOverrides.none());

    SplitBrainProtectionConfig protection = config.getSplitBrainProtectionConfig(GridConfig.SPLIT_BRAIN_PROTECTION);
    assertThat(protection.isEnabled()).isTrue();
    assertThat(protection.getMinimumClusterSize()).isEqualTo(2);
    assertThat(protection.getProtectOn()).isEqualTo(SplitBrainProtectionOn.READ_WRITE);
    assertThat(protection.getFunctionImplementation()).as("members count while their heartbeats arrive")
        .isInstanceOfSatisfying(HeardFromRecently.class, recent -> assertThat(recent.toleranceMillis())
            .as("half the shipped 15 s heartbeat timeout").isEqualTo(7_500));
    assertThat(MapNames.WRITTEN_BY_PLACEMENTS).contains(MapNames.LEDGERS, MapNames.IDEMPOTENCY,
        MapNames.CHALLENGE_SOLUTIONS);
    for (String map : MapNames.WRITTEN_BY_PLACEMENTS) {
      MapConfig mapConfig = config.findMapConfig(map);
      assertThat(mapConfig.getSplitBrainProtectionName()).as(map).isEqualTo(GridConfig.SPLIT_BRAIN_PROTECTION);
      assertThat(mapConfig.getBackupCount()).as(map + " synchronous backups").isGreaterThanOrEqualTo(1);
    }
    assertThat(config.getProperty("hazelcast.operation.fail.on.indeterminate.state")).isEqualTo("true");
    assertThat(config.getProperty("hazelcast.initial.min.cluster.size")).isEqualTo("2");
    assertThat(config.findMapConfig(MapNames.LEDGERS).getMergePolicyConfig().getPolicy())
        .as("the smaller side acknowledged nothing: the larger side keeps its copy of an order")
        .isEqualTo(LedgerMergePolicy.MajorityKeeps.class.getName());
  }

  @Test
  void without_a_majority_required_both_sides_orders_merge_by_the_union_rules() {
    Config config = GridConfig.member(settings(Map.of()), HazelcastOverrides.none());

    assertThat(config.findMapConfig(MapNames.LEDGERS).getMergePolicyConfig().getPolicy())
        .isEqualTo(LedgerMergePolicy.class.getName());
  }

  @Test
  void a_file_that_drops_a_backup_or_the_indeterminate_check_does_not_weaken_majority_protection() throws IOException {
    Path file = yaml("""
        hazelcast:
          properties:
            hazelcast.operation.fail.on.indeterminate.state: false
          map:
            ledgers:
              backup-count: 0
        """);

    Config config = GridConfig.member(settings(Map.of("FLASHSALE_HZ_CONFIG", file.toString(), "FLASHSALE_MIN_MEMBERS", "3")),
        HazelcastOverrides.none());

    assertThat(config.findMapConfig(MapNames.LEDGERS).getBackupCount()).isEqualTo(1);
    assertThat(config.getProperty("hazelcast.operation.fail.on.indeterminate.state")).isEqualTo("true");
    assertThat(config.getSplitBrainProtectionConfig(GridConfig.SPLIT_BRAIN_PROTECTION).getMinimumClusterSize()).isEqualTo(3);
  }

  @Test
  void one_member_by_default_means_no_split_brain_protection_and_no_wait_for_others() {
    Config config = GridConfig.member(settings(Map.of()), HazelcastOverrides.none());

    assertThat(config.getSplitBrainProtectionConfigs()).isEmpty();
    assertThat(config.findMapConfig(MapNames.LEDGERS).getSplitBrainProtectionName()).isNull();
    assertThat(config.getProperty("hazelcast.initial.min.cluster.size")).isNull();
  }

  /**
   * The real loader: with {@code -Dhz.clustername} set (what {@code HZ_CLUSTERNAME} does from the environment) and
   * no {@code FLASHSALE_CLUSTER_NAME}, a member forms cluster x, and a second member told x joins it.
   */
  @Test
  void a_member_started_with_the_hz_clustername_override_joins_that_cluster() {
    String name = "override-" + UUID.randomUUID();
    int port = 6101 + ThreadLocalRandom.current().nextInt(200);
    Map<String, String> network = Map.of("FLASHSALE_HZ_PORT", String.valueOf(port), "FLASHSALE_MEMBERS", "127.0.0.1:" + port);
    Config first;
    System.setProperty("hz.clustername", name);
    try {
      first = startable(GridConfig.member(settings(network)));
    } finally {
      System.clearProperty("hz.clustername");
    }
    Map<String, String> joining = new HashMap<>(network);
    joining.put("FLASHSALE_CLUSTER_NAME", name);
    Config second = startable(GridConfig.member(settings(joining)));
    assertThat(first.getClusterName()).isEqualTo(name);

    HazelcastInstance one = Hazelcast.newHazelcastInstance(first);
    try {
      HazelcastInstance two = Hazelcast.newHazelcastInstance(second);
      try {
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(one.getCluster().getMembers()).hasSize(2));
        assertThat(two.getConfig().getClusterName()).isEqualTo(name);
      } finally {
        two.getLifecycleService().terminate();
      }
    } finally {
      one.getLifecycleService().terminate();
    }
  }

  /** What deploy/kubernetes/flashsale.yaml sets, through Hazelcast's real loader: a Kubernetes join, left alone. */
  @Test
  void the_kubernetes_examples_overrides_give_a_kubernetes_join_with_the_service_name() {
    Map<String, String> join = Map.of("hz.network.join.kubernetes.enabled", "true",
        "hz.network.join.kubernetes.service-name", "flashsale-hazelcast",
        "hz.network.join.multicast.enabled", "false", "hz.network.join.autodetection.enabled", "false");
    Config config;
    join.forEach(System::setProperty);
    try {
      config = GridConfig.member(settings(Map.of("FLASHSALE_CLUSTER_NAME", "flashsale")));
    } finally {
      join.keySet().forEach(System::clearProperty);
    }

    JoinConfig chosen = config.getNetworkConfig().getJoin();
    assertThat(chosen.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(chosen.getKubernetesConfig().getProperty("service-name")).isEqualTo("flashsale-hazelcast");
    assertThat(chosen.getTcpIpConfig().isEnabled()).isFalse();
    chosen.verify();
  }

  /** A member's configuration without its PostgreSQL stores (their classes live in mapstore), joining at once. */
  private static Config startable(Config config) {
    config.getMapConfigs().values().forEach(map -> map.getMapStoreConfig().setEnabled(false));
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    return config;
  }

  private static Settings settings(Map<String, String> env) {
    return Settings.fromEnvironment(env);
  }

  private Path yaml(String text) throws IOException {
    Path file = directory.resolve("hazelcast-" + UUID.randomUUID() + ".yaml");
    Files.writeString(file, text);
    return file;
  }
}
