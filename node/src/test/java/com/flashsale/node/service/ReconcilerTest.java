package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.GridState;
import com.flashsale.node.testing.MutableClock;
import com.flashsale.node.testing.TestSales;
import com.flashsale.node.member.Timings;
import com.hazelcast.jet.core.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The grid's reconciliation: the read side must hold every ledger order at its version. */
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
    Placement placement = cluster.node(1).orders().place(new PlaceOrderRequest("rec", product, user, quantity), null);
    assertThat(placement.outcome()).isEqualTo(Placement.Outcome.CREATED);
    return placement.order();
  }

  @Test
  void a_consistent_grid_yields_no_findings_and_no_repairs() {
    Order paid = place("alice", "p0", 2);
    place("bob", "p0", 1);
    Order cancelled = place("carol", "p1", 1);
    cluster.node(0).orders().pay(paid.orderId(), true, "pay-1");
    cluster.node(0).orders().cancel(cancelled.orderId());
    clock.advance(Duration.ofMinutes(5));

    ReconciliationReport report = cluster.node(0).reconciler().run();

    assertThat(report.findings()).isEmpty();
    assertThat(report.repairs()).isZero();
    assertThat(report.ordersChecked()).isEqualTo(3);
    assertThat(report.productsChecked()).isEqualTo(3);
  }

  @Test
  void an_order_a_crash_kept_from_the_read_side_is_projected_from_its_ledger() {
    Order order = place("dave", "p2", 2);
    grid.orders().delete(order.orderId());
    clock.advance(Duration.ofMinutes(5));

    ReconciliationReport report = cluster.node(0).reconciler().run();

    assertThat(report.findings()).singleElement().satisfies(finding -> {
      assertThat(finding.kind()).isEqualTo("ORDER_MISSING_FROM_READ_SIDE");
      assertThat(finding.orderId()).isEqualTo(order.orderId());
      assertThat(finding.repaired()).isTrue();
    });
    assertThat(grid.orders().get(order.orderId())).isEqualTo(order);
    assertThat(cluster.node(0).reconciler().run().findings()).as("a second run").isEmpty();
    assertThat(GridState.read(grid).stockViolations()).isEmpty();
  }

  @Test
  void a_read_side_order_behind_its_ledger_takes_the_ledgers_version() {
    Order placed = place("erin", "p1", 1);
    cluster.node(0).orders().pay(placed.orderId(), true, "pay-2");
    grid.orders().set(placed.orderId(), placed);
    clock.advance(Duration.ofMinutes(5));

    ReconciliationReport report = cluster.node(0).reconciler().run();

    assertThat(report.findings()).extracting(ReconciliationReport.Finding::kind).containsExactly("READ_SIDE_BEHIND_LEDGER");
    assertThat(grid.orders().get(placed.orderId()).status()).isEqualTo(OrderStatus.CONFIRMED);
  }

  @Test
  void a_gap_younger_than_the_in_flight_grace_is_left_to_the_call_that_is_projecting_it() {
    Order order = place("frank", "p1", 1);
    grid.orders().delete(order.orderId());

    ReconciliationReport report = cluster.node(0).reconciler().run();

    assertThat(report.findings()).isEmpty();
    assertThat(grid.orders().get(order.orderId())).isNull();
  }

  @Test
  void an_incremental_run_looks_only_at_orders_changed_since_the_last_run_and_a_full_run_at_all() {
    Reconciler reconciler = new Reconciler(grid, Clock.systemUTC(), Duration.ZERO, Timings.DEFAULT_RECONCILIATION_PACE);
    Order before = place("gina", "p0", 1);
    reconciler.run(Reconciler.Scope.FULL);
    Order after = place("hank", "p1", 1);
    grid.orders().delete(before.orderId());
    grid.orders().delete(after.orderId());

    ReconciliationReport incremental = reconciler.run(Reconciler.Scope.INCREMENTAL);

    assertThat(incremental.ordersChecked()).isEqualTo(1);
    assertThat(incremental.productsChecked()).isEqualTo(1);
    assertThat(incremental.findings()).extracting(ReconciliationReport.Finding::orderId).containsExactly(after.orderId());
    ReconciliationReport full = reconciler.run(Reconciler.Scope.FULL);
    assertThat(full.ordersChecked()).isEqualTo(2);
    assertThat(full.findings()).extracting(ReconciliationReport.Finding::orderId).containsExactly(before.orderId());
    assertThat(grid.orders().getAll(java.util.Set.of(before.orderId(), after.orderId()))).hasSize(2);
  }

  @Test
  void a_read_side_order_no_ledger_has_is_reported_and_left_alone() {
    Order real = place("ivy", "p2", 1);
    Order stray = new Order(real.orderId() + 1000, real.saleId(), real.productId(), "mallory", 1, real.unitPrice(),
        real.currency(), OrderStatus.CONFIRMED, null, real.createdAt(), real.updatedAt(), null, "pay-x", real.version(),
        null, null);
    grid.orders().set(stray.orderId(), stray);
    clock.advance(Duration.ofMinutes(5));

    ReconciliationReport report = cluster.node(0).reconciler().run();

    assertThat(report.findings()).singleElement().satisfies(finding -> {
      assertThat(finding.kind()).isEqualTo("ORDER_MISSING_FROM_LEDGER");
      assertThat(finding.orderId()).isEqualTo(stray.orderId());
      assertThat(finding.repaired()).isFalse();
    });
    assertThat(grid.orders().get(stray.orderId())).isEqualTo(stray);
  }

  @Test
  void every_run_is_a_jet_batch_job_named_reconciliation_that_completes() {
    cluster.node(0).reconciler().run(Reconciler.Scope.FULL);
    cluster.node(1).reconciler().run(Reconciler.Scope.INCREMENTAL);

    assertThat(grid.instance().getJet().getJobs())
        .filteredOn(job -> job.getName() != null && job.getName().startsWith("reconciliation-"))
        .extracting(job -> job.getName().replaceAll("-\\d+$", ""), job -> job.getStatus())
        .containsExactlyInAnyOrder(tuple("reconciliation-full", JobStatus.COMPLETED),
            tuple("reconciliation-incremental", JobStatus.COMPLETED));
  }
}
