package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The re-persist pass on two real members in this JVM and the real PostgreSQL: a row that write-behind lost
 * (deleted here behind the grid's back, or left at an older version) is written again on the second pass
 * that finds it behind, never on the first, and an entry that is behind only because its write is still
 * queued is left to write-behind.
 */
class RepersistPassTest {

  /** Longer than Hazelcast's default tick, so a pass reliably runs while a fresh write is still queued. */
  private static final int WRITE_DELAY_SECONDS = 3;
  private static final Duration FLUSHED = Duration.ofSeconds(30);
  private static final Stock STOCK = Samples.stock(10).take(1, "u-1", 2, 1_000).confirm(1);
  private static final Holding HOLDING = Holding.empty().reserve(1, 2, 1_000);

  private final TestDatabase testDatabase = new TestDatabase();
  private final String clusterName = "repersist-test-" + UUID.randomUUID();
  private final int basePort = ThreadLocalRandom.current().nextInt(20_000, 40_000);
  private final List<HazelcastInstance> members = new ArrayList<>();
  private final List<RepersistPass> passes = new ArrayList<>();

  @BeforeEach
  void startMembers() {
    for (int i = 0; i < 2; i++) {
      members.add(Hazelcast.newHazelcastInstance(memberConfig()));
    }
    members.forEach(member -> Persistence.PERSISTED_MAPS.forEach(member::getMap));
    members.forEach(member -> passes.add(new RepersistPass(member, Clock.systemUTC())));
  }

  @AfterEach
  void stopMembersAndDropSchema() throws Exception {
    passes.forEach(RepersistPass::close);
    members.forEach(HazelcastInstance::shutdown);
    testDatabase.close();
  }

  @Test
  void an_order_whose_row_went_missing_is_written_again_on_the_second_pass_and_not_on_the_first() throws Exception {
    IMap<Long, Order> orders = members.get(0).getMap(MapNames.ORDERS);
    Order confirmed = Samples.confirmed(101, "u-1");
    orders.set(101L, confirmed);
    await().atMost(FLUSHED).until(() -> orderRows(101).size() == 1);
    testDatabase.execute("DELETE FROM orders WHERE order_id = 101");

    assertThat(runPasses()).as("rows rewritten by the first pass").isZero();
    assertThat(orderRows(101)).isEmpty();

    assertThat(runPasses()).as("rows rewritten by the second pass").isEqualTo(1);
    assertThat(orderRows(101)).containsExactly(Map.of("status", "CONFIRMED", "version", confirmed.version()));
    assertThat(passes.stream().mapToLong(RepersistPass::rewritten).sum()).isEqualTo(1);
  }

  @Test
  void a_stock_row_left_at_an_older_version_is_brought_up_to_the_grid_on_the_second_pass() throws Exception {
    IMap<ProductKey, Stock> stock = members.get(1).getMap(MapNames.STOCK);
    ProductKey product = new ProductKey("s-pass", "p-1");
    Stock figures = Samples.stock(10).take(1, "u-1", 2, 1_000).confirm(1);
    stock.set(product, figures);
    await().atMost(FLUSHED).until(() -> stockVersion(product) == figures.version());
    // What a lost write leaves: the row at the state before the grid's last change.
    testDatabase.execute("UPDATE stock SET version = version - 1 WHERE sale_id = 's-pass'");

    assertThat(runPasses()).isZero();
    assertThat(stockVersion(product)).isEqualTo(figures.version() - 1);

    assertThat(runPasses()).isEqualTo(1);
    assertThat(stockVersion(product)).isEqualTo(figures.version());
  }

  @Test
  void an_entry_behind_only_while_its_write_is_queued_is_never_rewritten() {
    IMap<Long, Order> orders = members.get(0).getMap(MapNames.ORDERS);
    orders.set(202L, Samples.pending(202, "u-2"));

    assertThat(runPasses()).as("a pass while the write is queued").isZero();
    assertThat(orderRows(202)).as("the write is still queued during the first pass").isEmpty();
    await().atMost(FLUSHED).until(() -> orderRows(202).size() == 1);

    assertThat(runPasses()).as("a pass after write-behind wrote it").isZero();
    assertThat(passes.stream().mapToLong(RepersistPass::rewritten).sum()).isZero();
  }

  @Test
  void a_pass_finds_nothing_to_do_when_postgresql_has_every_entry() {
    IMap<Long, Order> orders = members.get(1).getMap(MapNames.ORDERS);
    IntStream.range(300, 350).forEach(id -> orders.set((long) id, Samples.confirmed(id, "u-" + id % 5)));
    await().atMost(FLUSHED).until(() -> testDatabase.rows("SELECT 1 FROM orders WHERE order_id >= 300").size() == 50);

    assertThat(runPasses()).isZero();
    assertThat(runPasses()).isZero();
  }

  @Test
  void a_quiet_pass_asks_postgresql_only_about_what_the_previous_pass_found_behind() {
    putStockAndHoldings("s-quiet", 100);
    await().atMost(FLUSHED).until(() -> rowsAt("stock", "s-quiet", STOCK.version()) == 100
        && rowsAt("holdings", "s-quiet", HOLDING.version()) == 100);

    assertThat(runPasses()).isZero();
    assertThat(checkedByLastPasses()).as("entries the first pass, a full one, asked about").isGreaterThanOrEqualTo(200);
    // Quiet once the passes have taken the triggers of the members' start (the migrations of their join).
    await().atMost(FLUSHED).until(() -> runPasses() == 0 && checkedByLastPasses() == 0);
  }

  @Test
  void after_a_member_left_the_passes_read_everything_again_and_rewrite_lost_stock_and_holding_writes() throws Exception {
    HazelcastInstance leaving = Hazelcast.newHazelcastInstance(memberConfig());
    members.add(leaving);
    Persistence.PERSISTED_MAPS.forEach(leaving::getMap);
    await().atMost(FLUSHED).until(() -> leaving.getPartitionService().isClusterSafe());
    putStockAndHoldings("s-left", 12);
    await().atMost(FLUSHED).until(() -> rowsAt("stock", "s-left", STOCK.version()) == 12
        && rowsAt("holdings", "s-left", HOLDING.version()) == 12);
    await().atMost(FLUSHED).until(() -> runPasses() == 0 && checkedByLastPasses() == 0);
    // What lost writes leave: the rows at the state before the grid's last change.
    testDatabase.execute("UPDATE stock SET version = version - 1 WHERE sale_id = 's-left'");
    testDatabase.execute("UPDATE holdings SET version = version - 1 WHERE sale_id = 's-left'");

    assertThat(runPasses()).as("a quiet pass does not look for lost writes").isZero();
    assertThat(checkedByLastPasses()).isZero();

    leaving.getLifecycleService().terminate();
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      runPasses();
      return rowsAt("stock", "s-left", STOCK.version()) == 12 && rowsAt("holdings", "s-left", HOLDING.version()) == 12;
    });
    assertThat(passes.stream().mapToLong(RepersistPass::rewritten).sum()).isEqualTo(24);
  }

  /** Stock and one user's holding for {@code products} products of the sale. */
  private void putStockAndHoldings(String saleId, int products) {
    IMap<ProductKey, Stock> stock = members.get(0).getMap(MapNames.STOCK);
    IMap<HoldingKey, Holding> holdings = members.get(1).getMap(MapNames.HOLDINGS);
    IntStream.range(0, products).forEach(i -> {
      stock.set(new ProductKey(saleId, "p-" + i), STOCK);
      holdings.set(new HoldingKey(saleId, "p-" + i, "u-1"), HOLDING);
    });
  }

  private long rowsAt(String table, String saleId, long version) {
    return (Long) testDatabase.rows("SELECT count(*) AS n FROM " + table + " WHERE sale_id = ? AND version = ?",
        saleId, version).get(0).get("n");
  }

  /** Entries the latest pass of every member asked PostgreSQL about. */
  private int checkedByLastPasses() {
    return passes.stream().mapToInt(RepersistPass::lastPassChecked).sum();
  }

  /** One pass on every member (each checks the entries it owns); the rows they rewrote in all. */
  private int runPasses() {
    return passes.stream().mapToInt(RepersistPass::runOnce).sum();
  }

  private List<Map<String, Object>> orderRows(long orderId) {
    return testDatabase.rows("SELECT status, version FROM orders WHERE order_id = ?", orderId);
  }

  private long stockVersion(ProductKey product) {
    List<Map<String, Object>> rows = testDatabase.rows("SELECT version FROM stock WHERE sale_id = ? AND product_id = ?",
        product.saleId(), product.productId());
    return rows.isEmpty() ? -1 : (Long) rows.get(0).get("version");
  }

  private Config memberConfig() {
    Settings settings = Settings.fromEnvironment(Map.of("FLASHSALE_DB_URL", testDatabase.url,
        "FLASHSALE_DB_USER", testDatabase.user, "FLASHSALE_DB_PASSWORD", testDatabase.password));
    Config config = PersistenceConfig.apply(GridConfig.base(settings), settings);
    config.getMapConfigs().values().stream()
        .map(MapConfig::getMapStoreConfig)
        .filter(MapStoreConfig::isEnabled)
        .forEach(store -> store.setWriteDelaySeconds(WRITE_DELAY_SECONDS)
            .setProperty(DatabaseSettings.SCHEMA, testDatabase.schema));
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.getJetConfig().setEnabled(false);
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
