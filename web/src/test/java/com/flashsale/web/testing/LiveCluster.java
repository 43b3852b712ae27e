package com.flashsale.web.testing;

import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.Settings;
import com.flashsale.web.ApiServer;
import com.flashsale.web.admin.AdminToken;
import com.flashsale.web.edge.EdgeSettings;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Several real members of one cluster, each with its API, on the test PostgreSQL in a schema of their own: wired
 * exactly as {@link LiveServer}'s member, for tests whose promise is about more than one member (a join taken by
 * one member, the poll answered by another, the room stepped by whichever owns the product). The test closes it.
 */
public final class LiveCluster implements AutoCloseable {

  private final List<FlashSaleNode> members = new ArrayList<>();
  private final List<ApiServer> servers = new ArrayList<>();
  private final List<Api> apis = new ArrayList<>();
  private final Settings settings;

  private LiveCluster(Settings settings) {
    this.settings = settings;
  }

  public static LiveCluster start(int size) {
    String clusterName = "cluster-test-" + UUID.randomUUID();
    int port = 5901 + ThreadLocalRandom.current().nextInt(40) * 5;
    StringBuilder memberList = new StringBuilder();
    for (int i = 0; i < size; i++) {
      memberList.append(i == 0 ? "" : ",").append("127.0.0.1:").append(port + i);
    }
    Settings settings = Settings.fromEnvironment(Map.of(
        "FLASHSALE_DB_SCHEMA", "cluster_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
        "FLASHSALE_CLUSTER_NAME", clusterName,
        "FLASHSALE_HZ_PORT", String.valueOf(port),
        "FLASHSALE_MEMBERS", memberList.toString(),
        "FLASHSALE_DB_URL", env("FLASHSALE_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/flashsale_test"),
        "FLASHSALE_DB_USER", env("FLASHSALE_TEST_DB_USER", "flashsale"),
        "FLASHSALE_DB_PASSWORD", env("FLASHSALE_TEST_DB_PASSWORD", "flashsale"),
        "FLASHSALE_ADMIN_TOKEN", LiveServer.ADMIN_TOKEN));
    LiveCluster cluster = new LiveCluster(settings);
    try {
      for (int i = 0; i < size; i++) {
        Config config = GridConfig.member(settings);
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        FlashSaleNode member = FlashSaleNode.on(Hazelcast.newHazelcastInstance(config), Clock.systemUTC(),
            LiveServer.TIMINGS);
        cluster.members.add(member);
        ApiServer server = ApiServer.start(member, AdminToken.configuredOrRandom(LiveServer.ADMIN_TOKEN), 0,
            Clock.systemUTC(), Map.of(), EdgeSettings.defaults().withRates(null, null));
        cluster.servers.add(server);
        cluster.apis.add(new Api(server.port(), LiveServer.ADMIN_TOKEN, clusterName));
      }
      return cluster;
    } catch (RuntimeException failed) {
      cluster.close();
      throw failed;
    }
  }

  public FlashSaleNode member(int index) {
    return members.get(index);
  }

  /** The API of member {@code index}. */
  public Api api(int index) {
    return apis.get(index);
  }

  public int size() {
    return members.size();
  }

  @Override
  public void close() {
    servers.forEach(ApiServer::close);
    members.forEach(FlashSaleNode::stopBackgroundWork);
    members.forEach(member -> member.instance().getLifecycleService().terminate());
    members.forEach(FlashSaleNode::close);
    try (Connection connection = DriverManager.getConnection(settings.databaseUrl(), settings.databaseUser(),
            settings.databasePassword());
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + settings.databaseSchema() + " CASCADE");
    } catch (SQLException failed) {
      throw new IllegalStateException("could not drop test schema " + settings.databaseSchema(), failed);
    }
  }

  private static String env(String key, String fallback) {
    String value = System.getenv(key);
    return value == null || value.isBlank() ? fallback : value;
  }
}
