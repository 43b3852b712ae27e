package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.domain.WaitingRoom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The write-behind store of map {@code ledgers} against the real PostgreSQL: a product's stock row and its
 * orders are written together, at one ledger version, whatever write came before or got lost.
 *
 * <p>A test-only trigger records every order row the store sends (each row an {@code INSERT ... ON CONFLICT}
 * proposes fires BEFORE INSERT, whether or not the version guard then keeps the stored row), so the tests
 * can tell "not written" from "written but ignored".
 */
class LedgerStoreTest {

  private static final TestDatabase TEST_DATABASE = new TestDatabase();
  private static Database database;
  private static LedgerStore store;

  @BeforeAll
  static void openDatabase() throws SQLException {
    database = TEST_DATABASE.open();
    store = new LedgerStore(database, true);
    String schema = TEST_DATABASE.schema;
    TEST_DATABASE.execute("CREATE TABLE " + schema + ".sent (order_id bigint NOT NULL, version bigint NOT NULL)");
    TEST_DATABASE.execute("CREATE FUNCTION " + schema + ".record_sent() RETURNS trigger LANGUAGE plpgsql AS $$"
        + " BEGIN INSERT INTO " + schema + ".sent VALUES (NEW.order_id, NEW.version); RETURN NEW; END $$");
    TEST_DATABASE.execute("CREATE TRIGGER record_sent BEFORE INSERT ON " + schema
        + ".orders FOR EACH ROW EXECUTE FUNCTION " + schema + ".record_sent()");
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    database.close();
    TEST_DATABASE.close();
  }

  @Test
  void a_stored_ledger_loads_back_equal_in_every_figure_and_order_and_finds_its_orders_by_id_and_by_user() {
    ProductKey kettle = new ProductKey("round-trip", "p-2");
    Ledger ledger = Samples.ledger(kettle, 10);
    ledger = Samples.place(ledger, kettle, 1, "u-1", 2, Samples.NOW, "key-1");
    ledger = Samples.place(ledger, kettle, 2, "u-1", 1);
    ledger = Samples.place(ledger, kettle, 3, "u-2", 3, Samples.NOW.plusSeconds(1), "key-3");
    ledger = Samples.place(ledger, kettle, 4, "u-3", 1);
    ledger = Samples.pay(ledger, 2);
    ledger = Samples.failPayment(ledger, 3);
    ledger = Samples.expire(ledger, 4);
    // An operator ended the sale early: the window's new close is part of the stored value too.
    ledger = ledger.apply(LedgerChange.closedAt(Samples.NOW.plusSeconds(600).toEpochMilli()));

    store.store(kettle, ledger);

    Ledger loaded = store.load(kettle);
    assertThat(loaded).isEqualTo(ledger);
    assertThat(List.of(loaded.total(), loaded.available(), loaded.pending(), loaded.confirmed(), loaded.version()))
        .containsExactly(10, 7, 2, 1, 9L);
    assertThat(loaded.closesAt()).isEqualTo(Samples.NOW.plusSeconds(600).toEpochMilli());
    assertThat(loaded.order(1).orElseThrow()).extracting(Order::idempotencyKey, Order::requestHash)
        .containsExactly("key-1", "hash-key-1");
    assertThat(loaded.order(2).orElseThrow()).extracting(Order::idempotencyKey, Order::requestHash)
        .containsExactly(null, null);
    assertThat(loaded.unitsOf("u-1")).isEqualTo(3);
    // The grid reads orders only from their ledger: the loaded one answers by id and by user as the stored one did.
    assertThat(loaded.order(3)).isEqualTo(ledger.order(3)).isPresent();
    assertThat(loaded.order(5)).isEmpty();
    assertThat(loaded.ordersOf("u-1")).isEqualTo(ledger.ordersOf("u-1"))
        .extracting(Order::orderId).containsExactlyInAnyOrder(1L, 2L);
    assertThat(loaded.ordersOf("u-2")).extracting(Order::orderId).containsExactly(3L);
    assertThat(loaded.ordersOf("u-none")).isEmpty();
    assertThat(store.loadAll(List.of(kettle, new ProductKey("round-trip", "never-stored")))).containsOnlyKeys(kettle);
    assertThat(store.loadAllKeys()).contains(kettle);
    assertStoredProductAddsUp(kettle);
  }

  @Test
  void a_waiting_room_is_stored_with_its_ledger_and_loads_back_in_its_order() {
    ProductKey queued = new ProductKey("round-trip", "p-room");
    long t = Samples.NOW.toEpochMilli();
    Ledger ledger = Ledger.initial(queued.saleId(), 2, Samples.NOW.minusSeconds(60), Samples.NOW.plusSeconds(3600),
        new WaitingRoom(5, 30));
    List<Ticket> joins = List.of(Ticket.waiting(1, "a", "u-1", 1, t), Ticket.waiting(2, "b", "u-2", 2, t + 1),
        Ticket.waiting(3, "c", "u-3", 1, t + 2));
    ledger = ledger.apply(LedgerChange.ofTickets(joins));
    store.store(queued, ledger);
    Ticket admitted = ledger.room().ticket(1).admitted("secret", t + 10, 30);
    ledger = ledger.apply(LedgerChange.ofTickets(List.of(admitted)));
    ledger = Samples.place(ledger, queued, 7, "u-9", 1);

    store.store(queued, ledger);

    Ledger loaded = store.load(queued);
    assertThat(loaded).isEqualTo(ledger);
    assertThat(loaded.room().ticket(1).admissionToken()).isEqualTo("1.secret");
    assertThat(loaded.room().position(loaded.room().ticket(3))).isEqualTo(2);
    assertThat(loaded.room().nextSeq()).isEqualTo(4);
  }

  @Test
  void storing_a_later_ledger_writes_only_the_orders_it_changed_and_leaves_every_row_at_its_ledger_version() {
    ProductKey toaster = new ProductKey("later", "p-1");
    Ledger first = Samples.place(Samples.place(Samples.ledger(toaster, 7), toaster, 11, "u-1", 1), toaster, 12, "u-2",
        2);
    store.store(toaster, first);
    Ledger later = Samples.place(Samples.pay(first, 11), toaster, 13, "u-3", 1);

    List<Long> sent = sentWhile(() -> store.store(toaster, later));

    assertThat(sent).containsExactlyInAnyOrder(11L, 13L);
    assertThat(later.version()).isEqualTo(5);
    assertThat(orderVersions(toaster)).isEqualTo(Map.of(11L, 4L, 12L, 3L, 13L, 5L));
    assertThat(stockRow(toaster)).containsEntry("version", 5L).containsEntry("available", 3)
        .containsEntry("held", 3).containsEntry("confirmed", 1);
    assertThat(store.load(toaster)).isEqualTo(later);
    assertStoredProductAddsUp(toaster);
  }

  @Test
  void storing_the_same_ledger_again_sends_no_order() {
    ProductKey mug = new ProductKey("again", "p-3");
    Ledger ledger = Samples.place(Samples.ledger(mug, 5), mug, 21, "u-1", 1);
    store.store(mug, ledger);

    assertThat(sentWhile(() -> store.store(mug, ledger))).isEmpty();
    assertThat(store.load(mug)).isEqualTo(ledger);
  }

  @Test
  void an_older_ledger_stored_after_a_newer_one_changes_nothing() {
    ProductKey kettle = new ProductKey("reordered", "p-2");
    Ledger older = Samples.place(Samples.ledger(kettle, 5), kettle, 31, "u-1", 2);
    Ledger newer = Samples.place(Samples.pay(older, 31), kettle, 32, "u-2", 1);
    store.store(kettle, newer);
    Map<String, Object> rowBefore = stockRow(kettle);
    List<Map<String, Object>> ordersBefore = orderRows(kettle);

    List<Long> sent = sentWhile(() -> store.store(kettle, older));

    assertThat(sent).isEmpty();
    assertThat(stockRow(kettle)).isEqualTo(rowBefore);
    assertThat(orderRows(kettle)).isEqualTo(ordersBefore);
    assertThat(store.load(kettle)).isEqualTo(newer);
    assertStoredProductAddsUp(kettle);
  }

  @Test
  void a_write_that_was_lost_is_carried_by_the_next_write_of_the_product() {
    ProductKey kettle = new ProductKey("lost", "p-2");
    Ledger stored = Samples.place(Samples.ledger(kettle, 10), kettle, 41, "u-1", 1);
    store.store(kettle, stored);
    // Versions 3 and 4 never reach PostgreSQL (a member died with them in its queue)...
    Ledger lost = Samples.pay(stored, 41);
    // ...version 5 does.
    Ledger next = Samples.pay(Samples.place(lost, kettle, 42, "u-2", 2), 42);
    assertThat(next.version()).isEqualTo(lost.version() + 2);

    List<Long> sent = sentWhile(() -> store.store(kettle, next));

    assertThat(sent).containsExactlyInAnyOrder(41L, 42L);
    assertThat(orderVersions(kettle)).isEqualTo(Map.of(41L, 3L, 42L, 5L));
    assertThat(stockRow(kettle)).containsEntry("version", 5L).containsEntry("confirmed", 3);
    assertThat(store.load(kettle)).isEqualTo(next);
    assertStoredProductAddsUp(kettle);
  }

  @Test
  void whichever_versions_reach_postgresql_in_whatever_order_the_stored_product_adds_up_and_loads_as_the_newest() {
    ProductKey kettle = new ProductKey("random-walk", "p-2");
    Random random = new Random(20261121);
    Ledger ledger = Samples.ledger(kettle, 20);
    long nextOrderId = 1000;
    for (int step = 0; step < 200; step++) {
      ledger = randomChange(ledger, kettle, random, nextOrderId++);
      // Write-behind coalesces and loses writes, and a repair racing it may write an older value last: store
      // some versions, now and then the very first one again, and check PostgreSQL after every write.
      if (random.nextInt(3) == 0) {
        store.store(kettle, ledger);
        assertStoredProductAddsUp(kettle);
      }
      if (random.nextInt(10) == 0) {
        store.store(kettle, Samples.ledger(kettle, 20));
        assertStoredProductAddsUp(kettle);
      }
    }
    store.store(kettle, ledger);

    assertStoredProductAddsUp(kettle);
    assertThat(store.load(kettle)).isEqualTo(ledger);
  }

  @Test
  void one_storeAll_writes_a_batch_of_many_products() {
    Map<ProductKey, Ledger> batch = new LinkedHashMap<>();
    long orderId = 5000;
    for (int product = 0; product < 200; product++) {
      ProductKey key = new ProductKey("batch", "p-" + product);
      Ledger ledger = Samples.ledger(key, 10);
      for (int order = 0; order < product % 4; order++) {
        ledger = Samples.place(ledger, key, orderId++, "u-" + order, 1);
      }
      batch.put(key, product % 3 == 0 && ledger.pending() > 0 ? Samples.pay(ledger, orderId - 1) : ledger);
    }

    store.storeAll(batch);

    assertThat(store.loadAll(batch.keySet())).isEqualTo(batch);
    assertThat(TEST_DATABASE.rows("SELECT count(*) AS products FROM stock WHERE sale_id = 'batch'"))
        .containsExactly(Map.of("products", 200L));
    assertThat(TEST_DATABASE.productsThatDoNotAddUp()).isEmpty();
  }

  @Test
  void a_write_tells_write_behind_when_the_oldest_change_it_carries_was_made() throws SQLException {
    List<Instant> told = new ArrayList<>();
    LedgerTable table = new LedgerTable(told::add);
    ProductKey early = new ProductKey("lag", "p-1");
    ProductKey late = new ProductKey("lag", "p-2");
    Ledger earlyLedger = Samples.place(Samples.place(Samples.ledger(early, 5), early, 9101, "u-1", 1,
        Samples.NOW.plusSeconds(7), null), early, 9102, "u-2", 1, Samples.NOW.plusSeconds(9), null);
    Ledger lateLedger = Samples.place(Samples.ledger(late, 5), late, 9103, "u-1", 1, Samples.NOW.plusSeconds(8), null);

    writeInOneTransaction(table, Map.of(early, earlyLedger, late, lateLedger));
    assertThat(told).containsExactly(Samples.NOW.plusSeconds(7));

    Ledger paid = Samples.pay(lateLedger, 9103);
    writeInOneTransaction(table, Map.of(early, earlyLedger, late, paid));
    assertThat(told).as("only the payment was not written yet").containsExactly(Samples.NOW.plusSeconds(7),
        paid.order(9103).orElseThrow().updatedAt());

    writeInOneTransaction(table, Map.of(early, earlyLedger));
    assertThat(told).as("a write that carries no order tells nothing").hasSize(2);
  }

  private static void writeInOneTransaction(LedgerTable table, Map<ProductKey, Ledger> ledgers) throws SQLException {
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      table.upsert(connection, ledgers);
      connection.commit();
    }
  }

  @Test
  void a_batch_postgresql_refuses_is_rolled_back_whole_and_thrown_with_the_drivers_exception() {
    ProductKey healthy = new ProductKey("refused", "p-1");
    ProductKey broken = new ProductKey("refused", "p-2");
    Ledger healthyBefore = Samples.place(Samples.ledger(healthy, 5), healthy, 61, "u-1", 1);
    store.store(healthy, healthyBefore);
    Map<String, Object> healthyRow = stockRow(healthy);
    Map<ProductKey, Ledger> batch = new LinkedHashMap<>();
    batch.put(healthy, Samples.place(Samples.pay(healthyBefore, 61), healthy, 62, "u-2", 1));
    batch.put(broken, Samples.placeBroken(Samples.ledger(broken, 5), broken, 63));

    assertThatThrownBy(() -> store.storeAll(batch))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("stock")
        .hasRootCauseInstanceOf(SQLException.class)
        .rootCause().hasMessageContaining("orders_cancel_reason_iff_cancelled");

    assertThat(stockRow(healthy)).isEqualTo(healthyRow);
    assertThat(store.loadAll(List.of(healthy, broken))).isEqualTo(Map.of(healthy, healthyBefore));
    assertThat(TEST_DATABASE.rows("SELECT order_id FROM orders WHERE order_id IN (62, 63)")).isEmpty();
  }

  @Test
  void a_retired_voided_row_of_the_product_never_enters_its_ledger() throws SQLException {
    ProductKey kettle = new ProductKey("tombstone", "p-2");
    Ledger ledger = Samples.place(Samples.ledger(kettle, 3), kettle, 71, "u-1", 1);
    store.store(kettle, ledger);
    // What repair wrote under schema V1 for a placement that never finished: no user, no price.
    TEST_DATABASE.execute("""
        INSERT INTO orders (order_id, sale_id, product_id, quantity, status, created_at, updated_at, version)
        VALUES (72, 'tombstone', 'p-2', 0, 'VOIDED', now(), now(), 1)""");

    assertThat(store.load(kettle)).isEqualTo(ledger);
  }

  @Test
  void during_the_initial_load_a_load_waits_for_a_connection_instead_of_leaving_a_ledger_out_of_the_grid()
      throws Exception {
    ProductKey lamp = new ProductKey("initial-load", "p-9");
    Ledger ledger = Samples.place(Samples.ledger(lamp, 5), lamp, 401, "u-9", 1);
    store.store(lamp, ledger);
    ConcurrentMap<String, Object> starting = new ConcurrentHashMap<>();
    LedgerStore initial = new LedgerStore(database, true);
    initial.memberContext(starting);
    List<Connection> held = new ArrayList<>();
    for (int i = 0; i < database.settings().poolSize(); i++) {
      held.add(database.connection());
    }
    CompletableFuture<Map<ProductKey, Ledger>> load = CompletableFuture.supplyAsync(() -> initial.loadAll(List.of(lamp)));
    try {
      // Longer than the pool's connection timeout: a load that gave up would have failed by now.
      Duration pastTimeout = Duration.ofMillis(database.settings().connectionTimeoutMillis() + 1_000);
      await().during(pastTimeout).atMost(pastTimeout.plusSeconds(5)).until(() -> !load.isDone());
    } finally {
      for (Connection connection : held) {
        connection.close();
      }
    }

    // The ledger is the only copy of its orders in the grid: left out, the product and its orders would be gone.
    assertThat(load.get(30, TimeUnit.SECONDS)).isEqualTo(Map.of(lamp, ledger));
    assertThat(TableLoader.initialLoadIncomplete(starting)).isFalse();
  }

  /** One change the grid could make: place, pay, fail a payment, expire, or close the window a little. */
  private static Ledger randomChange(Ledger ledger, ProductKey product, Random random, long newOrderId) {
    List<Order> pending = ledger.orders().values().stream().filter(order -> order.expiresAt() != null)
        .sorted((a, b) -> Long.compare(a.orderId(), b.orderId())).toList();
    int choice = random.nextInt(10);
    if (!pending.isEmpty() && choice < 5) {
      long orderId = pending.get(random.nextInt(pending.size())).orderId();
      return switch (choice) {
        case 0, 1 -> Samples.pay(ledger, orderId);
        case 2, 3 -> Samples.failPayment(ledger, orderId);
        default -> Samples.expire(ledger, orderId);
      };
    }
    int quantity = 1 + random.nextInt(3);
    if (choice == 9 || ledger.available() < quantity) {
      return ledger.apply(LedgerChange.closedAt(ledger.closesAt() - 1));
    }
    return Samples.place(ledger, product, newOrderId, "u-" + random.nextInt(5), quantity);
  }

  /** The product has a stock row, and nothing stored (this product or any other) disagrees with itself. */
  private static void assertStoredProductAddsUp(ProductKey product) {
    assertThat(TEST_DATABASE.rows("SELECT 1 FROM stock WHERE sale_id = ? AND product_id = ?", product.saleId(),
        product.productId())).as("stock row of %s", product).hasSize(1);
    assertThat(TEST_DATABASE.productsThatDoNotAddUp()).isEmpty();
  }

  /** The order ids the store sent to PostgreSQL while {@code write} ran. */
  private static List<Long> sentWhile(Runnable write) {
    try {
      TEST_DATABASE.execute("DELETE FROM sent");
    } catch (SQLException failed) {
      throw new IllegalStateException(failed);
    }
    write.run();
    return TEST_DATABASE.rows("SELECT order_id FROM sent").stream().map(row -> (Long) row.get("order_id")).toList();
  }

  private static Map<String, Object> stockRow(ProductKey product) {
    return TEST_DATABASE.rows("SELECT * FROM stock WHERE sale_id = ? AND product_id = ?", product.saleId(),
        product.productId()).get(0);
  }

  private static List<Map<String, Object>> orderRows(ProductKey product) {
    return TEST_DATABASE.rows("SELECT * FROM orders WHERE sale_id = ? AND product_id = ? ORDER BY order_id",
        product.saleId(), product.productId());
  }

  private static Map<Long, Long> orderVersions(ProductKey product) {
    return orderRows(product).stream()
        .collect(Collectors.toMap(row -> (Long) row.get("order_id"), row -> (Long) row.get("version")));
  }
}
