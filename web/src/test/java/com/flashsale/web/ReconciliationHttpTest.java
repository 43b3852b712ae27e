package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.service.Grid;
import com.flashsale.node.service.PlaceOrderRequest;
import com.flashsale.node.service.Placement;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import com.hazelcast.query.Predicates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reconciliation against the real PostgreSQL: rows that write-behind lost (missing or stale) are found and
 * written again at the grid's version, and a minute of full concurrent load with reconciliations running
 * back to back repairs nothing and oversells nothing. (Grid-side faults, a hold or an allowance with no order
 * and an allowance lost by an order, are injected in the node module's ReconcilerTest and HoldSweeperTest.)
 */
@ExtendWith(LiveServer.class)
class ReconciliationHttpTest {

  private static final Duration WRITTEN_BEHIND = Duration.ofSeconds(30);
  private static Api api;

  @BeforeAll
  static void connect(Api server) {
    api = server;
  }

  @Test
  void an_order_missing_in_postgresql_is_found_and_written_again() throws Exception {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    long orderId = Long.parseLong(api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText());
    awaitOrderRow(orderId, 1);
    execute("DELETE FROM orders WHERE order_id = ?", orderId);

    JsonNode report = api.adminPost("/api/admin/reconciliation", null).expect(200);

    assertThat(findings(report, "ORDER_ROW_MISSING", orderId)).singleElement()
        .satisfies(finding -> assertThat(finding.path("repaired").asBoolean()).isTrue());
    assertThat(orderRowVersion(orderId)).contains(1L);
  }

  @Test
  void a_stale_order_row_is_found_and_brought_to_the_grids_version() throws Exception {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    api.pay(orderId, "SUCCEEDED").expect(200);
    awaitOrderRow(Long.parseLong(orderId), 2);
    // The row as it was before the payment: PENDING, with its payment deadline, at version 1.
    execute("UPDATE orders SET status = 'PENDING', expires_at = created_at + interval '5 minutes', payment_ref = NULL,"
        + " version = 1 WHERE order_id = ?", Long.parseLong(orderId));

    JsonNode report = api.adminPost("/api/admin/reconciliation", null).expect(200);

    assertThat(findings(report, "ORDER_ROW_STALE", Long.parseLong(orderId))).singleElement()
        .satisfies(finding -> assertThat(finding.path("repaired").asBoolean()).isTrue());
    assertThat(query("SELECT status FROM orders WHERE order_id = ?", Long.parseLong(orderId))).contains("CONFIRMED");
  }

  @Test
  void a_stale_stock_row_is_found_and_brought_to_the_grids_version() throws Exception {
    // Orders confirmed as placed leave no hold behind, so nothing changes the stock after the placement.
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).paymentWindowSeconds(0));
    api.placed(saleId, Api.newId("user"), "tee", 1);
    long gridVersion = grid().stock().get(new ProductKey(saleId, "tee")).version();
    await().atMost(WRITTEN_BEHIND).until(() -> stockRowVersion(saleId).orElse(0L) == gridVersion);
    // The row as the sale created it: every unit available, nothing held, at version 1.
    execute("UPDATE stock SET available = total, held = 0, confirmed = 0, holds = '[]'::jsonb, version = 1"
        + " WHERE sale_id = ?", saleId);

    JsonNode report = api.adminPost("/api/admin/reconciliation", null).expect(200);

    assertThat(report.path("findings")).anySatisfy(finding -> {
      assertThat(finding.path("kind").asText()).isEqualTo("STOCK_ROW_STALE");
      assertThat(finding.path("saleId").asText()).isEqualTo(saleId);
      assertThat(finding.path("repaired").asBoolean()).isTrue();
    });
    assertThat(stockRowVersion(saleId)).contains(gridVersion);
    assertThat(query("SELECT available FROM stock WHERE sale_id = ?", saleId)).contains("9");
  }

  @Test
  void a_minute_of_concurrent_load_with_reconciliations_running_throughout_repairs_nothing_and_oversells_nothing()
      throws Exception {
    String saleId = api.create(TestSale.active().product("a", "10.00", 400).product("b", "25.00", 400)
        .product("c", "5.00", 150).perUserLimit(3).paymentWindowSeconds(300));
    api.adminPost("/api/admin/reconciliation", null).expect(200);   // whatever earlier tests left is settled first
    FlashSaleNode node = LiveServer.node();
    AtomicBoolean running = new AtomicBoolean(true);
    ConcurrentLinkedQueue<String> repairs = new ConcurrentLinkedQueue<>();
    AtomicInteger reconciliations = new AtomicInteger();
    AtomicInteger placements = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(9);
    List<Future<?>> workers = new ArrayList<>();
    for (int shopper = 0; shopper < 8; shopper++) {
      workers.add(threads.submit(() -> shop(node, saleId, running, placements)));
    }
    workers.add(threads.submit(() -> {
      while (running.get()) {
        JsonNode report = api.adminPost("/api/admin/reconciliation", null).expect(200);
        reconciliations.incrementAndGet();
        report.path("findings").forEach(finding -> repairs.add(finding.toString()));
      }
      return null;
    }));
    await().pollDelay(Duration.ofSeconds(60)).atMost(Duration.ofSeconds(61)).until(() -> true);
    running.set(false);
    for (Future<?> worker : workers) {
      worker.get();
    }
    threads.shutdown();

    assertThat(placements.get()).as("placements made").isGreaterThan(500);
    assertThat(reconciliations.get()).as("reconciliations run").isGreaterThan(5);
    assertThat(repairs).as("findings of reconciliations under load").isEmpty();
    assertNoOversell(saleId);
  }

  /** One shopper: places, then pays, fails, cancels or leaves each order, until told to stop. */
  private static Void shop(FlashSaleNode node, String saleId, AtomicBoolean running, AtomicInteger placements) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running.get()) {
      String product = List.of("a", "b", "c").get(random.nextInt(3));
      PlaceOrderRequest request = new PlaceOrderRequest(saleId, product, "shopper-" + random.nextInt(300),
          1 + random.nextInt(2));
      Placement placement = node.orders().place(request, null).toCompletableFuture().join();
      placements.incrementAndGet();
      if (!placement.hasOrder()) {
        continue;
      }
      long orderId = placement.order().orderId();
      switch (random.nextInt(4)) {
        case 0 -> node.orders().pay(orderId, true, "pay-" + orderId).toCompletableFuture().join();
        case 1 -> node.orders().pay(orderId, false, "pay-" + orderId).toCompletableFuture().join();
        case 2 -> node.orders().cancel(orderId).toCompletableFuture().join();
        default -> { }
      }
    }
    return null;
  }

  private static void assertNoOversell(String saleId) {
    Grid grid = grid();
    List<Order> orders = new ArrayList<>(grid.orders().values(Predicates.equal("saleId", saleId)));
    for (String product : List.of("a", "b", "c")) {
      Stock stock = grid.stock().get(new ProductKey(saleId, product));
      int sold = orders.stream().filter(order -> order.productId().equals(product) && order.status().holdsUnits())
          .mapToInt(Order::quantity).sum();
      assertThat(stock.available()).as("available of %s", product).isGreaterThanOrEqualTo(0);
      assertThat(sold).as("units PENDING or CONFIRMED of %s", product).isLessThanOrEqualTo(stock.total());
      assertThat(stock.available() + stock.pendingUnits() + stock.confirmed()).isEqualTo(stock.total());
      assertThat(stock.pendingUnits() + stock.confirmed()).as("units held in stock of %s", product).isEqualTo(sold);
    }
    assertThat(orders).noneMatch(order -> order.status() == OrderStatus.VOIDED && order.saleId() != null);
  }

  private static Grid grid() {
    return Grid.of(LiveServer.node().instance());
  }

  private static List<JsonNode> findings(JsonNode report, String kind, long orderId) {
    List<JsonNode> matching = new ArrayList<>();
    report.path("findings").forEach(finding -> {
      if (finding.path("kind").asText().equals(kind) && finding.path("orderId").asLong() == orderId) {
        matching.add(finding);
      }
    });
    return matching;
  }

  private static void awaitOrderRow(long orderId, long version) {
    await().atMost(WRITTEN_BEHIND).until(() -> orderRowVersion(orderId).orElse(0L) == version);
  }

  private static Optional<Long> orderRowVersion(long orderId) throws SQLException {
    return query("SELECT version FROM orders WHERE order_id = ?", orderId).map(Long::parseLong);
  }

  private static Optional<Long> stockRowVersion(String saleId) throws SQLException {
    return query("SELECT version FROM stock WHERE sale_id = ?", saleId).map(Long::parseLong);
  }

  private static Optional<String> query(String sql, Object parameter) throws SQLException {
    try (Connection connection = LiveServer.database(); PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, parameter);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }

  private static void execute(String sql, Object parameter) throws SQLException {
    try (Connection connection = LiveServer.database(); PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, parameter);
      assertThat(statement.executeUpdate()).as(sql).isEqualTo(1);
    }
  }
}
