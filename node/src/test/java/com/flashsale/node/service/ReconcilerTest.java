package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.processors.ReleaseAllowance;
import com.flashsale.node.processors.ReserveAllowance;
import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.MutableClock;
import com.flashsale.node.testing.TestSales;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

  private final MutableClock clock = new MutableClock(Instant.now());
  private FlashSaleCluster cluster;
  private Grid grid;

  @BeforeEach
  void startTwoMembersWithAnOpenSale() {
    cluster = FlashSaleCluster.start(2, clock, FlashSaleCluster.MANUAL_SWEEP);
    grid = cluster.grid();
    cluster.node(0).sales().create(TestSales.activeSale("rec", 2, 300, TestSales.products(3, 10)));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private Order place(String user, String product, int quantity) {
    Placement placement = cluster.node(1).orders()
        .place(new PlaceOrderRequest("rec", product, user, quantity), null).toCompletableFuture().join();
    assertThat(placement.outcome()).isEqualTo(Placement.Outcome.CREATED);
    return placement.order();
  }

  @Test
  void a_consistent_grid_yields_no_findings_and_no_repairs() {
    Order paid = place("alice", "p0", 2);
    place("bob", "p0", 1);
    Order cancelled = place("carol", "p1", 1);
    cluster.node(0).orders().pay(paid.orderId(), true, "pay-1").toCompletableFuture().join();
    cluster.node(0).orders().cancel(cancelled.orderId()).toCompletableFuture().join();
    clock.advance(Duration.ofSeconds(10));

    ReconciliationReport report = cluster.node(0).reconciler().run();

    assertThat(report.findings()).isEmpty();
    assertThat(report.repairs()).isZero();
    assertThat(report.ordersChecked()).isEqualTo(3);
    assertThat(report.productsChecked()).isEqualTo(3);
  }

  @Test
  void allowance_reserved_by_an_order_that_never_came_is_voided_and_released() {
    HoldingKey holding = new HoldingKey("rec", "p2", "dave");
    long orphan = 42L;
    grid.holdings().executeOnKey(holding, new ReserveAllowance(orphan, 2, 2, clock.millis()));
    clock.advance(Duration.ofSeconds(10));

    ReconciliationReport report = cluster.node(0).reconciler().run();

    assertThat(report.findings()).singleElement().satisfies(finding -> {
      assertThat(finding.kind()).isEqualTo("ALLOWANCE_WITHOUT_ORDER");
      assertThat(finding.orderId()).isEqualTo(orphan);
      assertThat(finding.repaired()).isTrue();
    });
    assertThat(grid.holdings().get(holding)).isNull();
    assertThat(grid.orders().get(orphan).status()).isEqualTo(OrderStatus.VOIDED);
    assertThat(cluster.node(0).reconciler().run().findings()).isEmpty();
  }

  @Test
  void a_fresh_reservation_without_order_is_in_flight_and_left_alone() {
    HoldingKey holding = new HoldingKey("rec", "p2", "erin");
    grid.holdings().executeOnKey(holding, new ReserveAllowance(43L, 1, 2, clock.millis()));

    ReconciliationReport report = cluster.node(0).reconciler().run();

    assertThat(report.findings()).isEmpty();
    assertThat(grid.holdings().get(holding).held()).isEqualTo(1);
    assertThat(grid.orders().get(43L)).isNull();
  }

  @Test
  void an_order_missing_from_its_users_allowance_gets_it_back() {
    Order order = place("frank", "p1", 2);
    grid.holdings().executeOnKey(order.holdingKey(), new ReleaseAllowance(order.orderId()));
    clock.advance(Duration.ofSeconds(10));

    ReconciliationReport report = cluster.node(0).reconciler().run();

    assertThat(report.findings()).extracting(ReconciliationReport.Finding::kind).containsExactly("ORDER_WITHOUT_ALLOWANCE");
    assertThat(report.repairs()).isEqualTo(1);
    assertThat(grid.holdings().get(order.holdingKey()).held()).isEqualTo(2);
    Placement overLimit = cluster.node(0).orders()
        .place(new PlaceOrderRequest("rec", "p1", "frank", 1), null).toCompletableFuture().join();
    assertThat(overLimit.outcome()).isEqualTo(Placement.Outcome.LIMIT_EXCEEDED);
  }

  @Test
  void a_pending_order_whose_units_vanished_is_reported_not_papered_over() {
    Order order = place("gina", "p0", 1);
    grid.stock().executeOnKey(new ProductKey("rec", "p0"), new com.flashsale.node.processors.ConfirmUnits(order.orderId()));
    clock.advance(Duration.ofSeconds(10));

    ReconciliationReport report = cluster.node(0).reconciler().run();

    assertThat(report.findings()).extracting(ReconciliationReport.Finding::kind)
        .containsExactlyInAnyOrder("PENDING_ORDER_WITHOUT_UNITS", "CONFIRMED_UNITS_MISMATCH");
    assertThat(report.unrepaired()).isEqualTo(2);
    assertThat(List.of(grid.orders().get(order.orderId()).status())).containsExactly(OrderStatus.PENDING);
  }
}
