package com.flashsale.node.member;

import com.flashsale.node.merge.LedgerMergePolicy;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.spi.properties.HazelcastProperties;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Builds a member's configuration: the operator's {@code hazelcast.yaml} (the file named by
 * {@code FLASHSALE_HZ_CONFIG}, else the copy of {@code config/hazelcast.yaml} on the classpath) for maps,
 * backups and properties, loaded by Hazelcast's own loader so that its {@code HZ_*} environment variables and
 * {@code -Dhz.*} system properties override the file; then what the {@code FLASHSALE_*} variables decide
 * (cluster name, port, TCP-IP members) and the serializers, which live in code so that they cannot drift
 * from the classes.
 *
 * <p>Precedence: a {@code FLASHSALE_*} variable that is set beats an {@code HZ_*}/{@code -Dhz.*} override,
 * which beats the file. A {@code FLASHSALE_*} default never overwrites an override or the file (an unset
 * {@code FLASHSALE_MEMBERS} leaves a Kubernetes join alone), and an explicit {@code FLASHSALE_*} value that
 * disagrees with an explicit override stops the member with a message naming both: one of them is a mistake,
 * and guessing which would form the wrong cluster.
 */
public final class GridConfig {

  static final String SPLIT_BRAIN_PROTECTION = "majority";

  private GridConfig() {}

  /** The configuration from the operator's file (with Hazelcast's overrides) and serializers: what tests start members from. */
  public static Config base(Settings settings) {
    Config config = load(settings);
    GridSerialization.register(config.getSerializationConfig());
    return config;
  }

  /** The configuration of a real member: the file, Hazelcast's overrides, then the environment's network and cluster settings. */
  public static Config member(Settings settings) {
    return member(settings, HazelcastOverrides.ofProcess());
  }

  /** As {@link #member(Settings)}, with the overrides given rather than read from the process (tests). */
  static Config member(Settings settings, HazelcastOverrides overrides) {
    Config config = base(settings);
    applyEnvironment(config, settings, overrides);
    PersistenceConfig.apply(config, settings);
    protectAgainstSplitBrain(config, settings.minMembers());
    return config;
  }

  /** The cluster name, port and join of {@code FLASHSALE_*}, by the precedence in the class comment. */
  static void applyEnvironment(Config config, Settings settings, HazelcastOverrides overrides) {
    String clusterName = explicit(settings, "FLASHSALE_CLUSTER_NAME", settings.clusterName(), overrides, "clustername");
    if (clusterName != null) {
      config.setClusterName(clusterName);
    } else if (overrides.get("clustername").isEmpty() && Config.DEFAULT_CLUSTER_NAME.equals(config.getClusterName())) {
      config.setClusterName(settings.clusterName());
    }
    NetworkConfig network = config.getNetworkConfig();
    if (explicit(settings, "FLASHSALE_HZ_PORT", String.valueOf(settings.hazelcastPort()), overrides, "network.port.port") != null) {
      network.setPort(settings.hazelcastPort()).setPortAutoIncrement(true);
    }
    if (settings.isGiven("FLASHSALE_MEMBERS")) {
      refuseOtherJoins(settings, overrides);
      network.setJoin(tcpIpJoin(settings.members()));
    } else if (!overrides.touches("network.join") && network.getJoin().equals(new JoinConfig())) {
      // Neither the file nor an override chose a join: the one-machine default, never multicast.
      network.setJoin(tcpIpJoin(settings.members()));
    }
  }

  /**
   * The value of a {@code FLASHSALE_*} variable the environment set, or {@code null} when it is a default;
   * fails when an override of the same setting says otherwise.
   */
  private static String explicit(Settings settings, String variable, String value, HazelcastOverrides overrides, String path) {
    if (!settings.isGiven(variable)) {
      return null;
    }
    overrides.get(path).filter(override -> !override.value().equals(value)).ifPresent(override -> {
      throw new IllegalArgumentException(variable + "=" + value + " and " + override + " disagree: set only one of them");
    });
    return value;
  }

  /** FLASHSALE_MEMBERS means TCP-IP: an override that turns on another join, or lists other members, contradicts it. */
  private static void refuseOtherJoins(Settings settings, HazelcastOverrides overrides) {
    String members = String.join(",", settings.members());
    for (var entry : overrides.under("network.join")) {
      String path = entry.getKey();
      HazelcastOverrides.Given override = entry.getValue();
      boolean otherJoinOn = path.endsWith(".enabled") && !path.startsWith("network.join.tcpip.")
          && Boolean.parseBoolean(override.value());
      boolean otherMembers = path.equals("network.join.tcpip.members")
          && !List.of(override.value().split("\\s*,\\s*")).equals(settings.members());
      boolean tcpIpOff = path.equals("network.join.tcpip.enabled") && !Boolean.parseBoolean(override.value());
      if (otherJoinOn || otherMembers || tcpIpOff) {
        throw new IllegalArgumentException("FLASHSALE_MEMBERS=" + members + " (TCP-IP join) and " + override
            + " disagree: set only one of them");
      }
    }
  }

  private static JoinConfig tcpIpJoin(List<String> members) {
    JoinConfig join = new JoinConfig();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    return join;
  }

  /**
   * IMaps are AP: after a split, both sides would sell the same units and the merge would lose one
   * side's sales. With {@code FLASHSALE_MIN_MEMBERS} above 1, a side smaller than that refuses to read or
   * change any map a placement writes ({@link MapNames#WRITTEN_BY_PLACEMENTS}: 503), so only the majority keeps
   * selling. A 201 must also outlive the member that answered it: each of those maps keeps a synchronous backup,
   * and a write whose backup did not confirm fails (IndeterminateOperationStateException, a 503) instead of
   * answering what a crash could take back. A starting member waits for that many members before it serves, so
   * a member that starts alone never sells on its own.
   *
   * <p>Members count as present only while their heartbeats arrive ({@link HeardFromRecently}, within
   * {@link #heartbeatToleranceMillis}), not until the failure detector removes them: a member cut off from the others turns to 503 well before they can
   * take over its partitions (at the heartbeat timeout). Counting members by the member list left a window: the
   * cut-off member removed the others, a retried operation ran on its own stale copy before the protection saw
   * the new member list, and a cancel was answered 200 there that the majority never saw (the fault harness,
   * docs/RELIABILITY.md).
   */
  static void protectAgainstSplitBrain(Config config, int minMembers) {
    if (minMembers <= 1) {
      return;
    }
    config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(SPLIT_BRAIN_PROTECTION, true, minMembers)
        .setFunctionImplementation(new HeardFromRecently(minMembers, heartbeatToleranceMillis(config)))
        .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
    for (String name : MapNames.WRITTEN_BY_PLACEMENTS) {
      MapConfig map = config.getMapConfig(name);
      map.setSplitBrainProtectionName(SPLIT_BRAIN_PROTECTION);
      if (map.getBackupCount() < 1) {
        map.setBackupCount(1);
      }
    }
    // The smaller side of a split acknowledged nothing: an order both sides hold keeps the larger side's copy.
    config.getMapConfig(MapNames.LEDGERS).getMergePolicyConfig().setPolicy(LedgerMergePolicy.MajorityKeeps.class.getName());
    config.setProperty(ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE.getName(), "true");
    config.setProperty(ClusterProperty.INITIAL_MIN_CLUSTER_SIZE.getName(), String.valueOf(minMembers));
  }

  /**
   * How long a member counts as present after its last heartbeat: half the heartbeat timeout, and at least two
   * heartbeats (shipped: 7.5 s against heartbeats every 2 s and a 15 s timeout). Shorter than the timeout less a
   * heartbeat, so a cut-off member refuses before the others can have declared it dead.
   */
  static int heartbeatToleranceMillis(Config config) {
    HazelcastProperties properties = new HazelcastProperties(config);
    long interval = properties.getMillis(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS);
    long timeout = properties.getMillis(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS);
    return (int) Math.max(2 * interval, timeout / 2);
  }

  /** Hazelcast's loaders, unlike its config builders, apply the HZ_* and -Dhz.* overrides. */
  private static Config load(Settings settings) {
    if (settings.hazelcastConfig() == null) {
      return Config.loadFromClasspath(GridConfig.class.getClassLoader(), "hazelcast.yaml");
    }
    try {
      return Config.loadFromFile(settings.hazelcastConfig().toFile());
    } catch (FileNotFoundException missing) {
      throw new UncheckedIOException("cannot read " + settings.hazelcastConfig(), missing);
    }
  }
}
