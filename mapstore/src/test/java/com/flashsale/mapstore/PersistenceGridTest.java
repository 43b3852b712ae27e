package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.IdempotencyRecord;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.member.PersistenceConfig;
import com.flashsale.node.member.Settings;
import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real members in this JVM, configured from {@code config/hazelcast.yaml} the way a member is, writing
 * through the maps into the real PostgreSQL, then a restart of the whole cluster that loads it all back.
 */
class PersistenceGridTest {

  private static final Duration FLUSHED = Duration.ofSeconds(30);

  private final TestDatabase testDatabase = new TestDatabase();
  private final String clusterName = "mapstore-test-" + UUID.randomUUID();
  private final int basePort = ThreadLocalRandom.current().nextInt(20_000, 40_000);
  private final List<HazelcastInstance> members = new ArrayList<>();

  @AfterEach
  void stopMembersAndDropSchema() throws Exception {
    members.forEach(HazelcastInstance::shutdown);
    testDatabase.close();
  }

  @Test
  void writes_through_the_grid_reach_postgresql_and_a_restarted_cluster_loads_them_all_back() {
    startMembers(2);
    Sale sale = Samples.sale("s1");
    ProductKey kettle = new ProductKey("s1", "p-2");
    Stock stock = Samples.stock(100).take(1, "u-1", 2, 1_000).take(2, "u-1", 2, 1_000).take(3, "u-2", 2, 1_000)
        .confirm(2).release(3);
    HoldingKey holdingKey = new HoldingKey("s1", "p-2", "u-1");
    Holding holding = Holding.empty().reserve(1, 2, 1_000).reserve(2, 2, 1_000);
    Map<Long, Order> orders = Map.of(1L, Samples.pending(1, "u-1"), 2L, Samples.confirmed(2, "u-1"),
        3L, Samples.cancelled(3, "u-2"));
    IdempotencyRecord claim = new IdempotencyRecord("hash", 2, System.currentTimeMillis());

    HazelcastInstance member = members.get(0);
    member.getMap(MapNames.SALES).set(sale.saleId(), sale);
    member.getMap(MapNames.STOCK).set(kettle, stock);
    member.getMap(MapNames.HOLDINGS).set(holdingKey, holding);
    member.<Long, Order>getMap(MapNames.ORDERS).setAll(orders);
    member.getMap(MapNames.IDEMPOTENCY).set("key-1", claim);

    await().atMost(FLUSHED).untilAsserted(() -> {
      assertThat(testDatabase.rows("SELECT order_id, status, version FROM orders ORDER BY order_id")).containsExactly(
          Map.of("order_id", 1L, "status", "PENDING", "version", 1L),
          Map.of("order_id", 2L, "status", "CONFIRMED", "version", 2L),
          Map.of("order_id", 3L, "status", "CANCELLED", "version", 2L));
      assertThat(testDatabase.rows("SELECT available, held, confirmed, version FROM stock"))
          .containsExactly(Map.of("available", 96, "held", 2, "confirmed", 2, "version", 6L));
      assertThat(testDatabase.rows("SELECT version FROM sales")).containsExactly(Map.of("version", 1L));
      assertThat(testDatabase.rows("SELECT held, version FROM holdings"))
          .containsExactly(Map.of("held", 4, "version", 2L));
      assertThat(testDatabase.rows("SELECT order_id FROM idempotency_keys")).containsExactly(Map.of("order_id", 2L));
    });
    await().atMost(FLUSHED).until(() -> members.stream()
        .allMatch(each -> Persistence.of(each).writeBehindBacklogTotal() == 0));

    restartCluster();

    HazelcastInstance restarted = members.get(1);
    assertThat(restarted.getMap(MapNames.SALES).get(sale.saleId())).isEqualTo(sale);
    assertThat(restarted.getMap(MapNames.STOCK).get(kettle)).isEqualTo(stock);
    assertThat(restarted.getMap(MapNames.HOLDINGS).get(holdingKey)).isEqualTo(holding);
    assertThat(restarted.getMap(MapNames.IDEMPOTENCY).get("key-1")).isEqualTo(claim);
    IMap<Long, Order> restartedOrders = restarted.getMap(MapNames.ORDERS);
    assertThat(restartedOrders.get(3L)).isEqualTo(orders.get(3L));
    // Predicates see only loaded entries: the per-user listing is complete only because orders load in full.
    assertThat(restartedOrders.values(Predicates.equal("userId", "u-1")))
        .containsExactlyInAnyOrder(orders.get(1L), orders.get(2L));
  }

  @Test
  void a_graceful_shutdown_flushes_what_write_behind_still_owes() {
    startMembers(2);
    IMap<Long, Order> orders = members.get(0).getMap(MapNames.ORDERS);
    for (long orderId = 1; orderId <= 500; orderId++) {
      orders.set(orderId, Samples.confirmed(orderId, "u-" + orderId % 7));
    }

    // No waiting: the write delay has not passed, so only the shutdown's flush can have written these.
    members.forEach(HazelcastInstance::shutdown);
    members.clear();

    assertThat(testDatabase.rows("SELECT count(*) AS confirmed FROM orders WHERE status = 'CONFIRMED'"))
        .containsExactly(Map.of("confirmed", 500L));
  }

  @Test
  void a_member_reports_postgresql_answering_and_its_backlog_draining() {
    startMembers(1);
    Persistence persistence = Persistence.of(members.get(0));
    IMap<Long, Order> orders = members.get(0).getMap(MapNames.ORDERS);

    assertThat(persistence.checkDatabase().answers()).isTrue();
    orders.set(7L, Samples.pending(7, "u-7"));
    assertThat(persistence.writeBehindBacklog()).containsEntry(MapNames.ORDERS, 1L);

    await().atMost(FLUSHED).until(() -> persistence.writeBehindBacklogTotal() == 0);
    assertThat(persistence.repersist().orderVersions(List.of(7L))).containsEntry(7L, 1L);
  }

  @Test
  void a_member_shares_one_pool_between_its_stores_and_closes_it_when_it_shuts_down() {
    startMembers(1);
    HazelcastInstance member = members.get(0);
    Database pool = Database.of(member.getUserContext()).orElseThrow();

    member.shutdown();
    members.clear();

    assertThat(pool.isClosed()).isTrue();
  }

  @Test
  void a_new_order_in_the_grid_needs_no_postgresql_once_the_maps_are_loaded() throws Exception {
    startMembers(1);
    IMap<Long, Order> orders = members.get(0).getMap(MapNames.ORDERS);
    // The orders table is away: a loader that read through on a new key would fail the placement below.
    testDatabase.execute("ALTER TABLE orders RENAME TO orders_away");
    try {
      orders.executeOnKey(42L, entry -> {
        entry.setValue(Samples.pending(42, "u-42"));
        return null;
      });

      assertThat(orders.get(42L)).isEqualTo(Samples.pending(42, "u-42"));
      assertThat(Persistence.of(members.get(0)).writeBehindBacklogTotal()).isEqualTo(1L);
    } finally {
      testDatabase.execute("ALTER TABLE orders_away RENAME TO orders");
    }
    await().atMost(FLUSHED).until(() -> testDatabase.rows("SELECT 1 FROM orders WHERE order_id = 42").size() == 1);
  }

  @Test
  void once_loaded_a_read_of_keys_the_grid_does_not_hold_leaves_postgresql_alone() throws Exception {
    startMembers(1);
    HazelcastInstance member = members.get(0);
    IMap<HoldingKey, Holding> holdings = member.getMap(MapNames.HOLDINGS);
    HoldingKey kept = new HoldingKey("s1", "p-1", "u-1");
    holdings.set(kept, Holding.empty().reserve(1, 1, 1_000));
    await().atMost(FLUSHED).until(() -> testDatabase.rows("SELECT 1 FROM holdings").size() == 1);
    // Out of memory, still in its row: what a lost delete leaves behind.
    holdings.evict(kept);
    // During the initial load, loadAll is how the rows come in.
    assertThat(holdings.getAll(Set.of(kept))).containsOnlyKeys(kept);
    holdings.evict(kept);

    FlashSaleNode.markInitialLoadDone(member);
    testDatabase.execute("ALTER TABLE holdings RENAME TO holdings_away");
    try {
      // Neither a query (the table is away: it would fail) nor the stale row coming back.
      assertThat(holdings.getAll(Set.of(kept))).isEmpty();
    } finally {
      testDatabase.execute("ALTER TABLE holdings_away RENAME TO holdings");
    }
  }

  private void startMembers(int count) {
    for (int i = 0; i < count; i++) {
      members.add(Hazelcast.newHazelcastInstance(memberConfig()));
    }
    // What the web layer does before it reports ready: getMap of a persisted map returns once it is loaded.
    members.forEach(member -> Persistence.PERSISTED_MAPS.forEach(member::getMap));
  }

  private void restartCluster() {
    int count = members.size();
    members.forEach(HazelcastInstance::shutdown);
    members.clear();
    startMembers(count);
  }

  private Config memberConfig() {
    Settings settings = Settings.fromEnvironment(Map.of("FLASHSALE_DB_URL", testDatabase.url,
        "FLASHSALE_DB_USER", testDatabase.user, "FLASHSALE_DB_PASSWORD", testDatabase.password));
    Config config = PersistenceConfig.apply(GridConfig.base(settings), settings);
    config.getMapConfigs().values().stream()
        .map(MapConfig::getMapStoreConfig)
        .filter(MapStoreConfig::isEnabled)
        .forEach(store -> store.setProperty(DatabaseSettings.SCHEMA, testDatabase.schema));
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(basePort).setPortAutoIncrement(true).setPortCount(4);
    network.getJoin().getMulticastConfig().setEnabled(false);
    network.getJoin().getAutoDetectionConfig().setEnabled(false);
    TcpIpConfig tcpIp = network.getJoin().getTcpIpConfig().setEnabled(true);
    IntStream.range(basePort, basePort + 4).forEach(port -> tcpIp.addMember("127.0.0.1:" + port));
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    return config;
  }
}
