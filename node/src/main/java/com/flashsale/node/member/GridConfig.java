package com.flashsale.node.member;

import com.hazelcast.config.ClasspathYamlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemYamlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Builds a member's configuration: the operator's {@code hazelcast.yaml} (the file named by
 * {@code FLASHSALE_HZ_CONFIG}, else the copy of {@code config/hazelcast.yaml} on the classpath) for maps,
 * backups and properties, then what the environment decides (cluster name, port, TCP-IP members) and the
 * serializers, which live in code so that they cannot drift from the classes.
 */
public final class GridConfig {

  static final String SPLIT_BRAIN_PROTECTION = "majority";

  private GridConfig() {}

  /** The configuration from the operator's file alone, with serializers: what tests start members from. */
  public static Config base(Settings settings) {
    Config config = load(settings);
    GridSerialization.register(config.getSerializationConfig());
    return config;
  }

  /** The configuration of a real member: the file, then the environment's network and cluster settings. */
  public static Config member(Settings settings) {
    Config config = base(settings);
    config.setClusterName(settings.clusterName());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.hazelcastPort()).setPortAutoIncrement(true);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
    PersistenceConfig.apply(config, settings);
    protectAgainstSplitBrain(config, settings.minMembers());
    return config;
  }

  /**
   * IMaps are AP: after a split, both sides would sell the same units and the merge would lose one
   * side's sales. With {@code FLASHSALE_MIN_MEMBERS} above 1, a side smaller than that refuses to read or
   * change ledgers, orders and idempotency keys (503), so only the majority keeps selling.
   */
  static void protectAgainstSplitBrain(Config config, int minMembers) {
    if (minMembers <= 1) {
      return;
    }
    config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(SPLIT_BRAIN_PROTECTION, true, minMembers)
        .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
    for (String map : List.of(MapNames.LEDGERS, MapNames.ORDERS, MapNames.IDEMPOTENCY)) {
      config.getMapConfig(map).setSplitBrainProtectionName(SPLIT_BRAIN_PROTECTION);
    }
  }

  private static Config load(Settings settings) {
    if (settings.hazelcastConfig() == null) {
      return new ClasspathYamlConfig("hazelcast.yaml");
    }
    try {
      return new FileSystemYamlConfig(settings.hazelcastConfig().toFile());
    } catch (FileNotFoundException missing) {
      throw new UncheckedIOException("cannot read " + settings.hazelcastConfig(), missing);
    }
  }
}
