package com.flashsale.web.testing;

import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.Settings;
import com.flashsale.node.member.Timings;
import com.flashsale.web.ApiServer;
import com.flashsale.web.admin.AdminToken;
import com.flashsale.web.edge.EdgeSettings;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real member with the real API on a random port, exactly as {@code Main} wires it (the operator's
 * {@code hazelcast.yaml}, TCP-IP join, the test PostgreSQL), started once for the whole test run and
 * handed to test classes as an {@link Api}. Tests share it safely because each one works in sales of its
 * own ({@link Api#newId}); the member is shut down when JUnit closes its root context.
 *
 * <p>The database comes from {@code FLASHSALE_TEST_DB_URL}, {@code FLASHSALE_TEST_DB_USER} and
 * {@code FLASHSALE_TEST_DB_PASSWORD} (defaults: the {@code flashsale_test} database that
 * {@code scripts/lib/postgres.sh} creates). Unpaid orders are swept every 200 ms so that expiry is observable quickly.
 *
 * <p>The edge runs with its defaults but one: no per-user placement rate. The tests sharing this member place
 * orders as one user as fast as they can (limits, concurrency, idempotency); {@code RateLimitHttpTest} covers
 * the default rate on APIs of its own.
 */
public final class LiveServer implements ParameterResolver {

  public static final String ADMIN_TOKEN = "a-test-admin-token-123";

  /** Sweep often, keep the other graces at their production values. */
  static final Timings TIMINGS = new Timings(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ZERO);

  /** The running member, started if need be: for tests that put a second API with other settings in front of it. */
  public static FlashSaleNode node() {
    synchronized (LiveServer.class) {
      if (shared == null) {
        throw new IllegalStateException("no LiveServer has been resolved yet: take an Api parameter first");
      }
      return shared.node;
    }
  }

  private static Running shared;

  /** A connection to the running member's PostgreSQL schema, for tests that look at (or damage) the rows. */
  public static java.sql.Connection database() throws java.sql.SQLException {
    Settings settings;
    synchronized (LiveServer.class) {
      if (shared == null) {
        throw new IllegalStateException("no LiveServer has been resolved yet: take an Api parameter first");
      }
      settings = shared.settings;
    }
    java.sql.Connection connection = java.sql.DriverManager.getConnection(settings.databaseUrl(),
        settings.databaseUser(), settings.databasePassword());
    try (java.sql.Statement statement = connection.createStatement()) {
      statement.execute("SET search_path TO " + settings.databaseSchema());
    }
    return connection;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == Api.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    Running running = extension.getRoot().getStore(ExtensionContext.Namespace.create(LiveServer.class))
        .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
    synchronized (LiveServer.class) {
      shared = running;
    }
    return running.api;
  }

  /** The member, its API and the client pointed at it; closed once, at the end of the run. */
  static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final FlashSaleNode node;
    final Settings settings;
    final ApiServer server;
    final Api api;

    private Running(FlashSaleNode node, ApiServer server, String clusterName, Settings settings) {
      this.settings = settings;
      this.node = node;
      this.server = server;
      this.api = new Api(server.port(), ADMIN_TOKEN, clusterName);
    }

    static Running start() {
      String clusterName = "http-test-" + UUID.randomUUID();
      String schema = "http_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      Settings settings = Settings.fromEnvironment(Map.of(
          "FLASHSALE_DB_SCHEMA", schema,
          "FLASHSALE_CLUSTER_NAME", clusterName,
          "FLASHSALE_HZ_PORT", String.valueOf(5801 + ThreadLocalRandom.current().nextInt(100)),
          "FLASHSALE_MEMBERS", "127.0.0.1",
          "FLASHSALE_DB_URL", env("FLASHSALE_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/flashsale_test"),
          "FLASHSALE_DB_USER", env("FLASHSALE_TEST_DB_USER", "flashsale"),
          "FLASHSALE_DB_PASSWORD", env("FLASHSALE_TEST_DB_PASSWORD", "flashsale"),
          "FLASHSALE_ADMIN_TOKEN", ADMIN_TOKEN));
      Config config = GridConfig.member(settings);
      // A lone member: no need to wait for others before forming its own cluster.
      config.setProperty("hazelcast.wait.seconds.before.join", "0");
      FlashSaleNode node = FlashSaleNode.on(Hazelcast.newHazelcastInstance(config), Clock.systemUTC(), TIMINGS);
      try {
        ApiServer server = ApiServer.start(node, AdminToken.configuredOrRandom(ADMIN_TOKEN), 0, Clock.systemUTC(),
            Map.of(), EdgeSettings.defaults().withRates(null, null));
        return new Running(node, server, clusterName, settings);
      } catch (RuntimeException failed) {
        node.close();
        throw failed;
      }
    }

    @Override
    public void close() {
      server.close();
      // No graceful leave at teardown: stop sweeping, drop the member, then stop the node's threads.
      node.stopBackgroundWork();
      node.instance().getLifecycleService().terminate();
      node.close();
      dropSchema();
    }

    /** Each run works in a schema of its own; dropping it keeps the test database from growing run after run. */
    private void dropSchema() {
      try (java.sql.Connection connection = java.sql.DriverManager.getConnection(settings.databaseUrl(),
              settings.databaseUser(), settings.databasePassword());
          java.sql.Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA IF EXISTS " + settings.databaseSchema() + " CASCADE");
      } catch (java.sql.SQLException failed) {
        throw new IllegalStateException("could not drop test schema " + settings.databaseSchema(), failed);
      }
    }
  }

  private static String env(String key, String fallback) {
    String value = System.getenv(key);
    return value == null || value.isBlank() ? fallback : value;
  }
}
