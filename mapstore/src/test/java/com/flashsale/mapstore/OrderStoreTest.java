package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.flashsale.node.domain.Order;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OrderStoreTest {

  private static final TestDatabase TEST_DATABASE = new TestDatabase();
  private static Database database;
  private static OrderStore store;

  @BeforeAll
  static void openDatabase() {
    database = TEST_DATABASE.open();
    store = new OrderStore(database, true);
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    database.close();
    TEST_DATABASE.close();
  }

  @Test
  void orders_in_every_status_load_back_equal() {
    Map<Long, Order> orders = Map.of(
        101L, Samples.pending(101, "u-1"),
        102L, Samples.confirmed(102, "u-1"),
        103L, Samples.cancelled(103, "u-2"),
        104L, Order.voided(104, Samples.NOW));

    store.storeAll(orders);

    assertThat(store.loadAll(List.of(101L, 102L, 103L, 104L, 105L))).isEqualTo(orders);
    assertThat(store.loadAllKeys()).contains(101L, 102L, 103L, 104L);
  }

  @Test
  void replayed_and_reordered_writes_leave_the_newest_order() {
    Order placed = Samples.pending(201, "u-3");
    Order paid = placed.confirmed("pay-201", Samples.NOW.plusSeconds(5));

    store.store(201L, paid);
    store.storeAll(Map.of(201L, placed));
    store.store(201L, paid);
    store.store(201L, placed);

    assertThat(store.load(201L)).isEqualTo(paid);
    Map<String, Object> row = TEST_DATABASE.rows("SELECT status, version, expires_at FROM orders WHERE order_id = 201").get(0);
    assertThat(row).containsEntry("status", "CONFIRMED").containsEntry("version", 2L).containsEntry("expires_at", null);
  }

  @Test
  void deleted_orders_are_gone() {
    store.storeAll(Map.of(301L, Samples.pending(301, "u-4"), 302L, Samples.pending(302, "u-4")));

    store.deleteAll(List.of(301L, 302L));

    assertThat(store.loadAll(List.of(301L, 302L))).isEmpty();
  }

  @Test
  void a_batch_the_database_refuses_fails_whole_with_the_drivers_exception_as_cause() {
    Map<Long, Order> batch = Map.of(401L, Samples.pending(401, "u-5"), 402L, Samples.brokenOrder(402));

    assertThatThrownBy(() -> store.storeAll(batch))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("orders")
        .hasRootCauseInstanceOf(SQLException.class)
        .rootCause().hasMessageContaining("orders_cancel_reason_iff_cancelled");
    assertThat(store.loadAll(List.of(401L, 402L))).isEmpty();
  }
}
