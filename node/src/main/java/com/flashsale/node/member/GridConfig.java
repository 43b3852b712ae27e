package com.flashsale.node.member;

import com.hazelcast.config.ClasspathYamlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemYamlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;

/**
 * Builds a member's configuration: the operator's {@code hazelcast.yaml} (the file named by
 * {@code FLASHSALE_HZ_CONFIG}, else the copy of {@code config/hazelcast.yaml} on the classpath) for maps,
 * backups and properties, then what the environment decides (cluster name, port, TCP-IP members) and the
 * serializers, which live in code so that they cannot drift from the classes.
 */
public final class GridConfig {

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
    return config;
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
