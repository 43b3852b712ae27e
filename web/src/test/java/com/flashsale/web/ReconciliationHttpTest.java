package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.service.Grid;
import com.flashsale.node.service.PlaceOrderRequest;
import com.flashsale.node.domain.Placement;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
 * back to back repairs nothing and oversells nothing. A lost write-behind transaction leaves a product's stock
 * row and its orders behind together (they are written in one transaction), so the faults injected here roll a
 * product back as a whole: the repair must bring back every order changed since the row's version. The ledger is
 * the grid's only copy of an order, so PostgreSQL is the only copy that can fall behind it. An order's row is
 * found by the number of its public id ({@code <number>-<shard>}), which is the row's {@code order_id}.
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
  void each_reconciliation_is_a_batch_job_that_the_jobs_answer_lists_as_completed() {
    api.adminPost("/api/admin/reconciliation", null).expect(200);
    JsonNode first = newestReconciliationJob();
    api.adminPost("/api/admin/reconciliation", null).expect(200);
    JsonNode second = newestReconciliationJob();

    assertThat(second.path("id").asText()).isNotEqualTo(first.path("id").asText());
    for (JsonNode job : List.of(first, second)) {
      assertThat(job.path("name").asText()).startsWith("reconciliation-full-");
      assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
    }
    assertThat(api.adminGet("/api/admin/reconciliation").expect(200).has("findings")).isTrue();
  }

  private static JsonNode newestReconciliationJob() {
    for (JsonNode job : api.adminGet("/api/admin/jobs").expect(200)) {
      if (job.path("name").asText().startsWith("reconciliation")) {
        return job;
      }
    }
    throw new AssertionError("no reconciliation job listed");
  }

  @Test
  void an_order_whose_write_was_lost_is_found_and_written_again() throws Exception {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    ProductKey product = new ProductKey(saleId, "tee");
    long createdAt = ledgerVersion(product);
    long orderId = orderNumber(api.placed(saleId, Api.newId("user"), "tee", 1));
    long placedAt = ledgerVersion(product);
    awaitStockRow(saleId, placedAt);
    assertThat(orderRowVersion(orderId)).contains(placedAt);
    // A lost write-behind transaction: the product's row and its order as they were before the placement.
    execute("DELETE FROM orders WHERE order_id = ?", orderId);
    execute("UPDATE stock SET available = total, held = 0, confirmed = 0, version = " + createdAt
        + " WHERE sale_id = ?", saleId);

    JsonNode report = api.adminPost("/api/admin/reconciliation", null).expect(200);

    assertThat(productFindings(report, "STOCK_ROW_STALE", saleId)).singleElement()
        .satisfies(finding -> assertThat(finding.path("repaired").asBoolean()).isTrue());
    assertThat(orderRowVersion(orderId)).contains(placedAt);
    assertThat(query("SELECT status FROM orders WHERE order_id = ?", orderId)).contains("PENDING");
    assertThat(stockRowVersion(saleId)).contains(placedAt);
    assertThat(query("SELECT available FROM stock WHERE sale_id = ?", saleId)).contains("9");
  }

  @Test
  void an_order_whose_payment_write_was_lost_is_brought_to_the_grids_version() throws Exception {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    ProductKey product = new ProductKey(saleId, "tee");
    JsonNode placed = api.placed(saleId, Api.newId("user"), "tee", 1);
    long orderId = orderNumber(placed);
    long placedAt = ledgerVersion(product);
    api.pay(placed.path("orderId").asText(), "SUCCEEDED").expect(200);
    long paidAt = ledgerVersion(product);
    awaitStockRow(saleId, paidAt);
    assertThat(orderRowVersion(orderId)).contains(paidAt);
    // A lost write-behind transaction: the row and the order as they were before the payment, PENDING with its
    // payment deadline.
    execute("UPDATE orders SET status = 'PENDING', expires_at = created_at + interval '5 minutes', payment_ref = NULL,"
        + " version = " + placedAt + " WHERE order_id = ?", orderId);
    execute("UPDATE stock SET available = total - 1, held = 1, confirmed = 0, version = " + placedAt
        + " WHERE sale_id = ?", saleId);

    JsonNode report = api.adminPost("/api/admin/reconciliation", null).expect(200);

    assertThat(productFindings(report, "STOCK_ROW_STALE", saleId)).singleElement()
        .satisfies(finding -> assertThat(finding.path("repaired").asBoolean()).isTrue());
    assertThat(query("SELECT status FROM orders WHERE order_id = ?", orderId)).contains("CONFIRMED");
    assertThat(orderRowVersion(orderId)).contains(paidAt);
    assertThat(query("SELECT confirmed FROM stock WHERE sale_id = ?", saleId)).contains("1");
  }

  @Test
  void a_stale_stock_row_is_found_and_brought_to_the_grids_version() throws Exception {
    // Orders confirmed as placed leave nothing to expire, so nothing changes the ledger after the placement.
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).paymentWindowSeconds(0));
    api.placed(saleId, Api.newId("user"), "tee", 1);
    long gridVersion = ledgerVersion(new ProductKey(saleId, "tee"));
    awaitStockRow(saleId, gridVersion);
    // The row as the sale created it: every unit available, nothing held, at version 1.
    execute("UPDATE stock SET available = total, held = 0, confirmed = 0, version = 1 WHERE sale_id = ?", saleId);

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
  void a_missing_stock_row_is_found_and_written_with_its_orders() throws Exception {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).perUserLimit(2).paymentWindowSeconds(0));
    long orderId = orderNumber(api.placed(saleId, Api.newId("user"), "tee", 2));
    long gridVersion = ledgerVersion(new ProductKey(saleId, "tee"));
    awaitStockRow(saleId, gridVersion);
    // Neither the row nor its order ever reached PostgreSQL.
    execute("DELETE FROM orders WHERE order_id = ?", orderId);
    execute("DELETE FROM stock WHERE sale_id = ?", saleId);

    JsonNode report = api.adminPost("/api/admin/reconciliation", null).expect(200);

    assertThat(productFindings(report, "STOCK_ROW_MISSING", saleId)).singleElement()
        .satisfies(finding -> assertThat(finding.path("repaired").asBoolean()).isTrue());
    assertThat(stockRowVersion(saleId)).contains(gridVersion);
    assertThat(query("SELECT available FROM stock WHERE sale_id = ?", saleId)).contains("8");
    assertThat(query("SELECT status FROM orders WHERE order_id = ?", orderId)).contains("CONFIRMED");
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
      Placement placement = node.orders().place(request, null);
      placements.incrementAndGet();
      if (!placement.hasOrder()) {
        continue;
      }
      OrderId orderId = OrderId.of(placement.order());
      switch (random.nextInt(4)) {
        case 0 -> node.orders().pay(orderId, true, "pay-" + orderId);
        case 1 -> node.orders().pay(orderId, false, "pay-" + orderId);
        case 2 -> node.orders().cancel(orderId);
        default -> { }
      }
    }
    return null;
  }

  /**
   * Each product's orders, as its ledger (their only copy in the grid) holds them, against its stock; and, once
   * written behind, PostgreSQL's copy of them, which must count the same units sold.
   */
  private static void assertNoOversell(String saleId) throws SQLException {
    Grid grid = Grid.of(LiveServer.node().instance());
    for (String product : List.of("a", "b", "c")) {
      Stock stock = LiveServer.node().sales().stockOf(saleId, product).orElseThrow();
      Collection<Order> orders = grid.ledgers().get(new ProductKey(saleId, product)).orders().values();
      int sold = orders.stream().filter(order -> order.status().holdsUnits()).mapToInt(Order::quantity).sum();
      assertThat(stock.available()).as("available of %s", product).isGreaterThanOrEqualTo(0);
      assertThat(sold).as("units PENDING or CONFIRMED of %s", product).isLessThanOrEqualTo(stock.total());
      assertThat(stock.available() + stock.pending() + stock.confirmed()).isEqualTo(stock.total());
      assertThat(stock.pending() + stock.confirmed()).as("units held in stock of %s", product).isEqualTo(sold);
      await("the row of " + product + " written behind").atMost(WRITTEN_BEHIND).until(() ->
          query("SELECT version FROM stock WHERE sale_id = ? AND product_id = ?", saleId, product)
              .map(Long::parseLong).orElse(0L) == stock.version());
      assertThat(query("SELECT held + confirmed FROM stock WHERE sale_id = ? AND product_id = ?", saleId, product))
          .as("units held in the stock row of %s", product).contains(Integer.toString(sold));
      assertThat(query("SELECT coalesce(sum(quantity), 0) FROM orders WHERE sale_id = ? AND product_id = ?"
          + " AND status IN ('PENDING', 'CONFIRMED')", saleId, product))
          .as("units of the PENDING or CONFIRMED order rows of %s", product).contains(Integer.toString(sold));
    }
  }

  private static List<JsonNode> productFindings(JsonNode report, String kind, String saleId) {
    List<JsonNode> matching = new ArrayList<>();
    report.path("findings").forEach(finding -> {
      if (finding.path("kind").asText().equals(kind) && finding.path("saleId").asText().equals(saleId)) {
        matching.add(finding);
      }
    });
    return matching;
  }

  /** The number of a placed order's id: its row's {@code order_id} in PostgreSQL. */
  private static long orderNumber(JsonNode placed) {
    return OrderId.parse(placed.path("orderId").asText()).orElseThrow().number();
  }

  /** The version of the product's ledger in the grid. */
  private static long ledgerVersion(ProductKey product) {
    return LiveServer.node().sales().stockOf(product.saleId(), product.productId()).orElseThrow().version();
  }

  private static void awaitStockRow(String saleId, long version) {
    await().atMost(WRITTEN_BEHIND).until(() -> stockRowVersion(saleId).orElse(0L) == version);
  }

  private static Optional<Long> orderRowVersion(long orderId) throws SQLException {
    return query("SELECT version FROM orders WHERE order_id = ?", orderId).map(Long::parseLong);
  }

  private static Optional<Long> stockRowVersion(String saleId) throws SQLException {
    return query("SELECT version FROM stock WHERE sale_id = ?", saleId).map(Long::parseLong);
  }

  private static Optional<String> query(String sql, Object... parameters) throws SQLException {
    try (Connection connection = LiveServer.database(); PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
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
