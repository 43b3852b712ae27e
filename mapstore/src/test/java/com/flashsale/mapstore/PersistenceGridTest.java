package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.IdempotencyRecord;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.member.PersistenceConfig;
import com.flashsale.node.member.Settings;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.service.Grid;
import com.flashsale.node.service.HazelcastOrderService;
import com.flashsale.node.service.HazelcastSaleService;
import com.flashsale.node.service.PlaceOrderRequest;
import com.flashsale.node.service.Reconciler;
import com.flashsale.node.service.ReconciliationReport.Finding;
import com.flashsale.node.service.StoredLedgers;
import com.flashsale.node.member.Timings;
import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.map.IMap;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real members in this JVM, configured from {@code config/hazelcast.yaml} and {@code PersistenceConfig} the way
 * a member is, taking orders through the order service (one ledger operation per placement or payment),
 * written behind into the real PostgreSQL, then restarted from it: after a graceful stop, and after the whole
 * cluster died at once with write-behind still owing PostgreSQL a second of changes.
 */
class PersistenceGridTest {

  private static final Duration FLUSHED = Duration.ofSeconds(30);

  private final TestDatabase testDatabase = new TestDatabase();
  private final String clusterName = "mapstore-test-" + UUID.randomUUID();
  private final int basePort = ThreadLocalRandom.current().nextInt(20_000, 40_000);
  private final List<HazelcastInstance> members = new ArrayList<>();
  private Database database;

  @AfterEach
  void stopMembersAndDropSchema() throws Exception {
    members.forEach(member -> member.getLifecycleService().terminate());
    if (database != null) {
      database.close();
    }
    testDatabase.close();
  }

  @Test
  void orders_placed_through_the_grid_reach_postgresql_with_their_stock_row() {
    startMembers(2);
    Sale sale = sale("s1", 3, 300, 100, 5);
    Shop first = shop(members.get(0));
    Shop second = shop(members.get(1));
    first.sales().create(sale);

    Order keyed = first.place(sale, "p-1", "u-1", 2, "key-1").order();
    Order paid = second.place(sale, "p-1", "u-2", 1, null).order();
    Order cancelled = second.place(sale, "p-2", "u-3", 2, null).order();
    second.place(sale, "p-2", "u-1", 1, "key-2");
    assertThat(first.orders().pay(OrderId.of(paid), true, "pay-1").outcome()).isEqualTo(OrderChange.Outcome.APPLIED);
    assertThat(first.orders().cancel(OrderId.of(cancelled)).outcome()).isEqualTo(OrderChange.Outcome.APPLIED);

    Map<ProductKey, Ledger> grid = first.ledgers(sale);
    assertThat(grid.get(new ProductKey("s1", "p-1"))).extracting(Ledger::pending, Ledger::confirmed)
        .containsExactly(2, 1);
    await().atMost(FLUSHED).untilAsserted(() -> {
      assertThat(storedLedgers(sale)).isEqualTo(grid);
      assertThat(testDatabase.rows("SELECT version FROM sales")).containsExactly(Map.of("version", 1L));
    });
    assertThat(testDatabase.productsThatDoNotAddUp()).isEmpty();
    assertThat(testDatabase.rows("SELECT idempotency_key, request_hash FROM orders WHERE order_id = ?", keyed.orderId()))
        .containsExactly(Map.of("idempotency_key", "key-1", "request_hash", keyed.requestHash()));
    assertThat(testDatabase.rows("SELECT available, held, confirmed FROM stock WHERE product_id = 'p-2'"))
        .containsExactly(Map.of("available", 4, "held", 1, "confirmed", 0));
  }

  @Test
  void a_restarted_cluster_rebuilds_the_ledgers_with_their_orders_by_id_and_by_user_and_the_idempotency_keys_exactly() {
    startMembers(2);
    Sale sale = sale("s1", 2, 300, 30, 20);
    Shop shop = shop(members.get(0));
    shop.sales().create(sale);
    List<Shop> shops = List.of(shop, shop(members.get(1)));
    for (int user = 0; user < 24; user++) {
      Shop via = shops.get(user % 2);
      Placement placement = via.place(sale, user % 3 == 0 ? "p-2" : "p-1", "u-" + user, 1 + user % 2,
          user % 2 == 0 ? "key-" + user : null);
      if (placement.hasOrder() && user % 4 == 1) {
        via.orders().pay(OrderId.of(placement.order()), true, "pay-" + user);
      } else if (placement.hasOrder() && user % 4 == 3) {
        via.orders().cancel(OrderId.of(placement.order()));
      }
    }
    Map<ProductKey, Ledger> ledgers = shop.ledgers(sale);
    Map<Long, Order> orders = ordersOf(ledgers.values());
    Map<String, IdempotencyRecord> keys = new HashMap<>(shop.grid().idempotency());
    assertThat(orders).hasSize(24);
    assertThat(keys).hasSize(12);
    await().atMost(FLUSHED).until(() -> storedLedgers(sale).equals(ledgers));

    restartCluster(1);

    Shop restarted = shop(members.get(0));
    assertThat(restarted.grid().sales().get(sale.saleId())).isEqualTo(sale);
    Map<ProductKey, Ledger> reloadedLedgers = restarted.ledgers(sale);
    assertThat(reloadedLedgers).isEqualTo(ledgers);
    // Orders are read from their ledger, by id and by user: the reloaded ledgers answer both for every order.
    orders.values().forEach(order -> {
      Ledger ledger = reloadedLedgers.get(order.productKey());
      assertThat(ledger.order(order.orderId())).as("order %d", order.orderId()).contains(order);
      assertThat(ledger.ordersOf(order.userId())).as("orders of %s", order.userId()).contains(order);
      assertThat(restarted.orders().find(OrderId.of(order))).as("order %s", OrderId.of(order)).contains(order);
    });
    orders.values().stream().collect(Collectors.groupingBy(Order::userId)).forEach((user, placed) ->
        assertThat(restarted.orders().ordersOf(user)).as("orders of %s", user).containsExactlyInAnyOrderElementsOf(placed));
    Map<String, IdempotencyRecord> reloadedKeys = new HashMap<>(restarted.grid().idempotency());
    assertThat(reloadedKeys.keySet()).isEqualTo(keys.keySet());
    keys.forEach((key, record) -> {
      IdempotencyRecord reloaded = reloadedKeys.get(key);
      Order order = orders.get(record.orderId());
      assertThat(reloaded.orderId()).as(key).isEqualTo(record.orderId());
      assertThat(reloaded.requestHash()).as(key).isEqualTo(record.requestHash());
      // PostgreSQL keeps no claim instant of its own: a reloaded key is dated by its order's creation.
      assertThat(reloaded.claimedAt()).as(key).isEqualTo(order.createdAt().toEpochMilli());
    });
    // The rebuilt grid answers as the old one would: a replay finds its order, the limit still counts.
    Placement replay = restarted.place(sale, "p-1", "u-4", 1, "key-4");
    assertThat(replay.outcome()).isEqualTo(Placement.Outcome.REPLAYED);
    assertThat(replay.order().orderId()).isEqualTo(keys.get("key-4").orderId());
    assertThat(restarted.place(sale, "p-1", "u-4", 2, null).outcome()).isEqualTo(Placement.Outcome.LIMIT_EXCEEDED);
  }

  @Test
  void killing_every_member_during_a_burst_never_oversells_nor_passes_the_limit_after_the_restart() throws Exception {
    startMembers(2);
    Sale sale = sale("flash", 1, 60, 25, 25, 25);
    Shop shop = shop(members.get(0));
    shop.sales().create(sale);
    // The sale and its ledgers are in PostgreSQL before the first shopper arrives.
    await().atMost(FLUSHED).until(() -> storedLedgers(sale).size() == 3
        && testDatabase.rows("SELECT 1 FROM sales").size() == 1);
    List<Shop> shops = List.of(shop, shop(members.get(1)));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger created = new AtomicInteger();
    List<Thread> shoppers = IntStream.range(0, 4)
        .mapToObj(shopper -> Thread.ofPlatform().start(() -> shop(sale, shops.get(shopper % 2), stop, created)))
        .toList();

    // Mid-burst: write-behind has flushed some placements, and owes PostgreSQL the latest second of them.
    await().atMost(FLUSHED).until(() -> testDatabase.rows("SELECT 1 FROM orders").size() >= 20);
    int storedBeforeTheKill = testDatabase.rows("SELECT 1 FROM orders").size();
    members.forEach(member -> member.getLifecycleService().terminate());
    stop.set(true);
    for (Thread shopper : shoppers) {
      shopper.join(FLUSHED.toMillis());
    }
    members.clear();
    assertThat(created.get()).isGreaterThanOrEqualTo(20);

    startMembers(1);
    Shop restarted = shop(members.get(0));
    // What PostgreSQL held when the cluster died is never lost; only what write-behind still owed it may be.
    assertThat(ordersOf(restarted.ledgers(sale).values())).hasSizeGreaterThanOrEqualTo(storedBeforeTheKill);
    assertConsistent(sale, restarted);
    // The restarted cluster sells on from there: 40 shoppers try each product once more, enough to sell it out
    // whoever already holds one of its 25 units.
    List<String> products = List.copyOf(sale.products().keySet());
    for (int user = 0; user < 120; user++) {
      restarted.place(sale, products.get(user % products.size()), "u-" + user, 1, null);
    }
    assertConsistent(sale, restarted);
    assertThat(restarted.ledgers(sale).values()).allSatisfy(ledger -> assertThat(ledger.available()).isZero());
  }

  @Test
  void a_stock_row_deleted_behind_the_grids_back_is_written_again_by_the_reconciliation_check() throws Exception {
    startMembers(1);
    Sale sale = sale("s1", 2, 300, 10);
    Shop shop = shop(members.get(0));
    shop.sales().create(sale);
    shop.place(sale, "p-1", "u-1", 2, "key-1");
    shop.orders().pay(OrderId.of(shop.place(sale, "p-1", "u-2", 1, null).order()), true, "pay-2");
    Map<ProductKey, Ledger> grid = shop.ledgers(sale);
    await().atMost(FLUSHED).until(() -> storedLedgers(sale).equals(grid));
    testDatabase.execute("DELETE FROM orders");
    testDatabase.execute("DELETE FROM stock");

    HazelcastInstance member = members.get(0);
    member.getUserContext().computeIfPresent(StoredLedgers.CONTEXT_KEY,
        (key, check) -> ((PersistenceReconciliation) check).settlingWithin(Duration.ofMillis(300)));
    Reconciler reconciler =
        new Reconciler(Grid.of(member), Clock.systemUTC(), Duration.ZERO, Timings.DEFAULT_RECONCILIATION_PACE);
    List<Finding> findings = reconciler.run().findings();

    assertThat(findings).extracting(Finding::kind, Finding::productId, Finding::repaired)
        .containsExactly(tuple("STOCK_ROW_MISSING", "p-1", true));
    assertThat(storedLedgers(sale)).isEqualTo(grid);
    assertThat(testDatabase.productsThatDoNotAddUp()).isEmpty();
    assertThat(reconciler.run().findings()).isEmpty();
    assertThat(member.getJet().getJobs()).filteredOn(job -> job.getName() != null && job.getName().startsWith("reconciliation-"))
        .hasSize(2).allSatisfy(job -> assertThat(job.getStatus()).isEqualTo(JobStatus.COMPLETED));
  }

  @Test
  void a_graceful_shutdown_flushes_what_write_behind_still_owes() {
    startMembers(2);
    Sale sale = sale("s1", 1, 300, 500);
    Shop shop = shop(members.get(0));
    shop.sales().create(sale);
    List<Long> placed = new ArrayList<>();
    for (int user = 0; user < 200; user++) {
      placed.add(shop.place(sale, "p-1", "u-" + user, 1, null).order().orderId());
    }

    // No waiting: the last placements are younger than the write delay, so only the shutdown's flush writes them.
    members.forEach(HazelcastInstance::shutdown);
    members.clear();

    assertThat(testDatabase.rows("SELECT count(*) AS pending FROM orders WHERE status = 'PENDING'"))
        .containsExactly(Map.of("pending", (long) placed.size()));
    assertThat(testDatabase.rows("SELECT held, available FROM stock"))
        .containsExactly(Map.of("held", 200, "available", 300));
  }

  @Test
  void a_member_keeps_what_postgresql_refused_in_its_backlog_and_drains_it_once_postgresql_takes_it() throws Exception {
    startMembers(1);
    Persistence persistence = Persistence.of(members.get(0));
    Sale sale = sale("s1", 1, 300, 10);
    Shop shop = shop(members.get(0));
    shop.sales().create(sale);
    await().atMost(FLUSHED).until(() -> persistence.writeBehindBacklogTotal() == 0);
    assertThat(persistence.checkDatabase().answers()).isTrue();

    testDatabase.execute("ALTER TABLE stock RENAME TO stock_away");
    try {
      shop.place(sale, "p-1", "u-1", 1, null);
      // Every flush fails for these seconds: the change stays owed, never dropped.
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
          .until(() -> persistence.writeBehindBacklog().get(MapNames.LEDGERS) == 1L);
    } finally {
      testDatabase.execute("ALTER TABLE stock_away RENAME TO stock");
    }

    await().atMost(FLUSHED).until(() -> persistence.writeBehindBacklogTotal() == 0);
    assertThat(testDatabase.rows("SELECT held, available FROM stock")).containsExactly(Map.of("held", 1, "available", 9));
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
  void a_placement_and_the_reads_of_its_order_need_no_postgresql_once_the_maps_are_loaded() throws Exception {
    startMembers(1);
    Sale sale = sale("s1", 1, 300, 10);
    Shop shop = shop(members.get(0));
    shop.sales().create(sale);
    await().atMost(FLUSHED).until(() -> storedLedgers(sale).size() == 1);
    // The orders table is away: a loader that read through on the new order id or key would fail the placement
    // or the reads.
    testDatabase.execute("ALTER TABLE orders RENAME TO orders_away");
    Placement placement;
    try {
      placement = shop.place(sale, "p-1", "u-1", 1, "key-1");

      assertThat(placement.outcome()).isEqualTo(Placement.Outcome.CREATED);
      assertThat(shop.orders().find(OrderId.of(placement.order()))).contains(placement.order());
      assertThat(shop.orders().ordersOf("u-1")).containsExactly(placement.order());
    } finally {
      testDatabase.execute("ALTER TABLE orders_away RENAME TO orders");
    }
    long orderId = placement.order().orderId();
    await().atMost(FLUSHED).until(() -> testDatabase.rows("SELECT 1 FROM orders WHERE order_id = ?", orderId).size() == 1);
  }

  @Test
  void once_loaded_a_read_of_keys_the_grid_does_not_hold_leaves_postgresql_alone() throws Exception {
    startMembers(1);
    HazelcastInstance member = members.get(0);
    Sale sale = sale("s1", 1, 300, 10);
    Shop shop = shop(members.get(0));
    shop.sales().create(sale);
    ProductKey kept = new ProductKey("s1", "p-1");
    IMap<ProductKey, Ledger> ledgers = shop.grid().ledgers();
    await().atMost(FLUSHED).until(() -> storedLedgers(sale).size() == 1);
    // Out of memory, still in its row: what a lost delete leaves behind.
    ledgers.evict(kept);

    testDatabase.execute("ALTER TABLE stock RENAME TO stock_away");
    try {
      // Neither a query (the table is away: it would fail) nor the stale row coming back.
      assertThat(ledgers.getAll(Set.of(kept))).isEmpty();
    } finally {
      testDatabase.execute("ALTER TABLE stock_away RENAME TO stock");
    }
  }

  /**
   * The properties a whole-cluster crash must not break, checked on the restarted grid and in PostgreSQL:
   * every product adds up to its stock, no user holds more than the limit, PostgreSQL's rows agree with their
   * orders and with the grid, each order is in one ledger only and listed there under its buyer, and every
   * reloaded Idempotency-Key names an order that carries it.
   */
  private void assertConsistent(Sale sale, Shop shop) {
    Map<ProductKey, Ledger> ledgers = shop.ledgers(sale);
    assertThat(ledgers).hasSize(sale.products().size());
    ledgers.forEach((product, ledger) -> {
      int total = sale.product(product.productId()).orElseThrow().stock();
      int pending = unitsIn(ledger, OrderStatus.PENDING);
      int confirmed = unitsIn(ledger, OrderStatus.CONFIRMED);
      assertThat(List.of(ledger.total(), ledger.pending(), ledger.confirmed())).as("%s", product)
          .containsExactly(total, pending, confirmed);
      assertThat(ledger.available() + pending + confirmed).as("%s", product).isEqualTo(total);
      Map<String, Integer> unitsByUser = ledger.orders().values().stream()
          .filter(order -> order.status() == OrderStatus.PENDING || order.status() == OrderStatus.CONFIRMED)
          .collect(Collectors.groupingBy(Order::userId, Collectors.summingInt(Order::quantity)));
      assertThat(unitsByUser.values()).as("units per user of %s", product)
          .allSatisfy(units -> assertThat(units).isLessThanOrEqualTo(sale.perUserLimit()));
      assertThat(ledger.orders().values()).as("orders of %s", product)
          .allSatisfy(order -> assertThat(ledger.ordersOf(order.userId())).contains(order));
    });
    assertThat(testDatabase.productsThatDoNotAddUp()).isEmpty();
    await().atMost(FLUSHED).untilAsserted(() -> assertThat(storedLedgers(sale)).isEqualTo(shop.ledgers(sale)));
    Map<Long, Order> orders = ordersOf(ledgers.values());
    assertThat(orders).as("no order id in two ledgers")
        .hasSize(ledgers.values().stream().mapToInt(ledger -> ledger.orders().size()).sum());
    // Every reloaded Idempotency-Key names an order that carries it: never a key without its order.
    shop.grid().idempotency().forEach((key, record) -> assertThat(orders.get(record.orderId()))
        .as(key).extracting(Order::idempotencyKey, Order::requestHash).containsExactly(key, record.requestHash()));
  }

  /** One shopper of the burst: random users buy one unit, then pay or cancel some, until stopped or killed. */
  private static void shop(Sale sale, Shop shop, AtomicBoolean stop, AtomicInteger created) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<String> products = List.copyOf(sale.products().keySet());
    while (!stop.get()) {
      try {
        String user = "u-" + random.nextInt(120);
        String product = products.get(random.nextInt(products.size()));
        Placement placement = shop.place(sale, product, user, 1, random.nextBoolean() ? user + "/" + product : null);
        if (placement.outcome() == Placement.Outcome.CREATED) {
          created.incrementAndGet();
          int next = random.nextInt(6);
          if (next < 3) {
            shop.orders().pay(OrderId.of(placement.order()), true, "pay-" + placement.order().orderId());
          } else if (next == 3) {
            shop.orders().cancel(OrderId.of(placement.order()));
          }
        }
      } catch (RuntimeException memberGone) {
        // The cluster is being killed under the shopper: that is the point of the test.
        return;
      }
    }
  }

  private static int unitsIn(Ledger ledger, OrderStatus status) {
    return ledger.orders().values().stream().filter(order -> order.status() == status).mapToInt(Order::quantity).sum();
  }

  private static Map<Long, Order> ordersOf(Collection<Ledger> ledgers) {
    Map<Long, Order> orders = new HashMap<>();
    ledgers.forEach(ledger -> orders.putAll(ledger.orders()));
    return orders;
  }

  /** What PostgreSQL holds of the sale's products, read the way a restarting member loads it. */
  private Map<ProductKey, Ledger> storedLedgers(Sale sale) {
    if (database == null) {
      database = testDatabase.open();
    }
    return new LedgerStore(database, true).loadAll(sale.productKeys());
  }

  /** A sale open from a minute ago for an hour, with products p-1, p-2, ... of these stocks. */
  private static Sale sale(String saleId, int perUserLimit, int paymentWindowSeconds, int... stocks) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<Product> products = IntStream.range(0, stocks.length)
        .mapToObj(index -> new Product("p-" + (index + 1), "Product " + (index + 1), null, new BigDecimal("9.99"),
            "EUR", stocks[index]))
        .toList();
    return Sale.create(saleId, "Sale " + saleId, now.minusSeconds(60), now.plusSeconds(3600), perUserLimit,
        paymentWindowSeconds, products);
  }

  /** A member's services, as the web layer uses them. */
  private record Shop(Grid grid, HazelcastSaleService sales, HazelcastOrderService orders) {

    Placement place(Sale sale, String productId, String userId, int quantity, String idempotencyKey) {
      return orders.place(new PlaceOrderRequest(sale.saleId(), productId, userId, quantity), idempotencyKey);
    }

    Map<ProductKey, Ledger> ledgers(Sale sale) {
      return new HashMap<>(grid.ledgers().getAll(sale.productKeys()));
    }
  }

  private static Shop shop(HazelcastInstance member) {
    Grid grid = Grid.of(member);
    // What FlashSaleNode does once every map is looked up (and so loaded).
    FlashSaleNode.markInitialLoadDone(member);
    return new Shop(grid, new HazelcastSaleService(grid, Clock.systemUTC()), new HazelcastOrderService(grid, Clock.systemUTC()));
  }

  private void startMembers(int count) {
    for (int i = 0; i < count; i++) {
      Config config = memberConfig();
      // What web's Main does: the pool is opened and the schema migrated before the member starts.
      Persistence.prepare(config);
      members.add(Hazelcast.newHazelcastInstance(config));
    }
    // What the web layer does before it reports ready: getMap of a persisted map returns once it is loaded.
    members.forEach(member -> Persistence.PERSISTED_MAPS.forEach(member::getMap));
  }

  private void restartCluster(int count) {
    members.forEach(HazelcastInstance::shutdown);
    members.clear();
    startMembers(count);
  }

  private Config memberConfig() {
    Settings settings = Settings.fromEnvironment(Map.of("FLASHSALE_DB_URL", testDatabase.url,
        "FLASHSALE_DB_USER", testDatabase.user, "FLASHSALE_DB_PASSWORD", testDatabase.password,
        "FLASHSALE_DB_SCHEMA", testDatabase.schema));
    Config config = PersistenceConfig.apply(GridConfig.base(settings), settings);
    assertThat(config.getMapConfigs().values().stream().map(MapConfig::getMapStoreConfig)
        .filter(MapStoreConfig::isEnabled).map(store -> store.getProperty(DatabaseSettings.SCHEMA)))
        .containsOnly(testDatabase.schema);
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // Jet stays on: reconciliation reads the ledgers and PostgreSQL in a Jet job (no job runs otherwise here).
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
