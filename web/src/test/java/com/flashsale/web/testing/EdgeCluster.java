package com.flashsale.web.testing;

import static org.awaitility.Awaitility.await;

import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.Settings;
import com.flashsale.web.ApiServer;
import com.flashsale.web.admin.AdminToken;
import com.flashsale.web.edge.EdgeSettings;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two real members of one cluster (TCP-IP on 127.0.0.1, the operator's {@code hazelcast.yaml} through
 * {@link GridConfig#base}, no PostgreSQL), started once per test run, for the edge's tests that put APIs with
 * their own {@link EdgeSettings} in front of a member: JWTs on, tiny rate limits shared by both members, a tiny
 * in-flight bound, TLS. Each such API is the test's to close; the members go when the JVM does.
 */
public final class EdgeCluster {

  private static EdgeCluster shared;

  private final List<FlashSaleNode> members;
  private final String clusterName;

  private EdgeCluster(List<FlashSaleNode> members, String clusterName) {
    this.members = members;
    this.clusterName = clusterName;
  }

  /** The cluster of the run, started on first use. */
  public static synchronized EdgeCluster shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.members.forEach(EdgeCluster::crash),
          "edge-cluster-teardown"));
    }
    return shared;
  }

  private static EdgeCluster start() {
    String clusterName = "edge-test-" + UUID.randomUUID();
    int firstPort = 6101 + ThreadLocalRandom.current().nextInt(200);
    FlashSaleNode first = member(clusterName, firstPort);
    FlashSaleNode second = member(clusterName, firstPort);
    // Half the partitions move to the second member now; a rate limit's bucket starts again full on its new
    // owner, so a test that counts refusals must not run during the move.
    awaitSettled(first);
    return new EdgeCluster(List.of(first, second), clusterName);
  }

  /**
   * A member of {@code clusterName} on 127.0.0.1, on {@code firstPort} or the next free port, that joins whatever
   * member runs on those two ports: for tests that start a small cluster of their own. The caller terminates it.
   */
  public static FlashSaleNode member(String clusterName, int firstPort) {
    Config config = GridConfig.base(Settings.defaults());
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.getNetworkConfig().setPort(firstPort).setPortAutoIncrement(true);
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(List.of("127.0.0.1:" + firstPort, "127.0.0.1:" + (firstPort + 1)));
    return FlashSaleNode.on(Hazelcast.newHazelcastInstance(config), Clock.systemUTC(), LiveServer.TIMINGS);
  }

  /** Waits until every partition of {@code member}'s cluster is on its owner with its backups, no move under way. */
  public static void awaitSettled(FlashSaleNode member) {
    await("the partitions settle").atMost(Duration.ofSeconds(60))
        .until(() -> member.instance().getPartitionService().isClusterSafe());
  }

  /** Stops {@code member} the way a crash would: no graceful leave, its background work first. */
  public static void crash(FlashSaleNode member) {
    member.stopBackgroundWork();
    member.instance().getLifecycleService().terminate();
  }

  /** The teardown of a test with a cluster of its own: its API (if it started one), then every member. */
  public static void stopAll(ApiServer server, List<FlashSaleNode> members) {
    if (server != null) {
      server.close();
    }
    members.forEach(member -> {
      crash(member);
      member.close();
    });
  }

  public FlashSaleNode member(int index) {
    return members.get(index);
  }

  /** An API on a free port in front of member {@code index}, with these edge settings. */
  public ApiServer start(int index, EdgeSettings settings) {
    FlashSaleNode member = members.get(index);
    return ApiServer.start(member, AdminToken.configuredOrRandom(LiveServer.ADMIN_TOKEN), 0, Clock.systemUTC(), Map.of(),
        settings);
  }

  /** The test client for a plain-HTTP API started by {@link #start}. */
  public Api client(ApiServer server) {
    return client(server, clusterName);
  }

  /** The test client for any plain-HTTP API with the test admin token, in front of a member of {@code clusterName}. */
  public static Api client(ApiServer server, String clusterName) {
    return new Api(server.port(), LiveServer.ADMIN_TOKEN, clusterName);
  }
}
