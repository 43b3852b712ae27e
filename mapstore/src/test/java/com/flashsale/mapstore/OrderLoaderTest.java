package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The read side's loader: the orders {@link LedgerStore} wrote, each as its ledger last wrote it. */
class OrderLoaderTest {

  private static final TestDatabase TEST_DATABASE = new TestDatabase();
  private static Database database;
  private static LedgerStore ledgers;
  private static OrderLoader loader;

  @BeforeAll
  static void openDatabase() {
    database = TEST_DATABASE.open();
    ledgers = new LedgerStore(database, true);
    loader = new OrderLoader(database, true);
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    database.close();
    TEST_DATABASE.close();
  }

  @Test
  void loads_every_order_the_ledger_store_wrote_in_every_status_as_the_ledger_holds_it() {
    ProductKey kettle = new ProductKey("s1", "p-2");
    ProductKey toaster = new ProductKey("s1", "p-1");
    Ledger kettles = Samples.place(Samples.ledger(kettle, 10), kettle, 101, "u-1", 2, Samples.NOW, "key-101");
    kettles = Samples.pay(Samples.place(kettles, kettle, 102, "u-1", 1), 102);
    Ledger toasters = Samples.failPayment(Samples.place(Samples.ledger(toaster, 4), toaster, 103, "u-2", 1), 103);
    toasters = Samples.expire(Samples.place(toasters, toaster, 104, "u-3", 1), 104);
    ledgers.storeAll(Map.of(kettle, kettles, toaster, toasters));

    Map<Long, Order> loaded = loader.loadAll(List.of(101L, 102L, 103L, 104L, 105L));

    assertThat(loaded).containsOnlyKeys(101L, 102L, 103L, 104L);
    assertThat(loaded.get(101L)).isEqualTo(kettles.order(101).orElseThrow());
    assertThat(loaded.get(102L)).isEqualTo(kettles.order(102).orElseThrow());
    assertThat(loaded.get(103L)).isEqualTo(toasters.order(103).orElseThrow());
    assertThat(loaded.get(104L)).isEqualTo(toasters.order(104).orElseThrow());
    assertThat(loader.load(101L).idempotencyKey()).isEqualTo("key-101");
    assertThat(loader.loadAllKeys()).contains(101L, 102L, 103L, 104L);
  }

  @Test
  void a_later_write_of_the_ledger_is_what_loads() {
    ProductKey mug = new ProductKey("s2", "p-3");
    Ledger placed = Samples.place(Samples.ledger(mug, 3), mug, 201, "u-4", 1);
    ledgers.store(mug, placed);
    Ledger paid = Samples.pay(placed, 201);
    ledgers.store(mug, paid);
    ledgers.store(mug, placed);

    assertThat(loader.load(201L)).isEqualTo(paid.order(201).orElseThrow());
  }

  @Test
  void retired_voided_rows_are_never_loaded() throws SQLException {
    TEST_DATABASE.execute("""
        INSERT INTO orders (order_id, quantity, status, created_at, updated_at, version)
        VALUES (301, 0, 'VOIDED', now(), now(), 1)""");

    assertThat(loader.load(301L)).isNull();
    assertThat(loader.loadAll(List.of(301L))).isEmpty();
    assertThat(loader.loadAllKeys()).doesNotContain(301L);
  }

  @Test
  void during_the_initial_load_a_load_waits_for_a_connection_instead_of_leaving_its_keys_out_of_the_grid()
      throws Exception {
    ProductKey lamp = new ProductKey("s4", "p-9");
    ledgers.store(lamp, Samples.place(Samples.ledger(lamp, 5), lamp, 401, "u-9", 1));
    ConcurrentMap<String, Object> starting = new ConcurrentHashMap<>();
    OrderLoader initial = new OrderLoader(database, true);
    initial.memberContext(starting);
    List<Connection> held = new ArrayList<>();
    for (int i = 0; i < database.settings().poolSize(); i++) {
      held.add(database.connection());
    }
    CompletableFuture<Map<Long, Order>> load = CompletableFuture.supplyAsync(() -> initial.loadAll(List.of(401L)));
    try {
      // Longer than the pool's connection timeout: a load that gave up would have failed by now.
      Duration pastTimeout = Duration.ofMillis(database.settings().connectionTimeoutMillis() + 1_000);
      await().during(pastTimeout).atMost(pastTimeout.plusSeconds(5)).until(() -> !load.isDone());
    } finally {
      for (Connection connection : held) {
        connection.close();
      }
    }

    assertThat(load.get(30, TimeUnit.SECONDS)).containsOnlyKeys(401L);
    assertThat(TableLoader.initialLoadIncomplete(starting)).isFalse();
  }
}
