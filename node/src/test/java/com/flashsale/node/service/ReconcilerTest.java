package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.testing.FlashSaleCluster;
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

/**
 * The grid's reconciliation without PostgreSQL: a Jet job over the changed ledgers that counts what it checked.
 * The ledgers are the grid's only copy of the orders, so on a consistent grid it finds nothing and repairs nothing
 * (its PostgreSQL side is specified in the mapstore module).
 */
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
    cluster.node(0).orders().pay(OrderId.of(paid), true, "pay-1");
    cluster.node(0).orders().cancel(OrderId.of(cancelled));
    clock.advance(Duration.ofMinutes(5));

    ReconciliationReport report = cluster.node(0).reconciler().run();

    assertThat(report.findings()).isEmpty();
    assertThat(report.repairs()).isZero();
    assertThat(report.ordersChecked()).isEqualTo(3);
    assertThat(report.productsChecked()).isEqualTo(3);
  }

  @Test
  void an_incremental_run_looks_only_at_orders_changed_since_the_last_run_and_a_full_run_at_all() {
    Reconciler reconciler = new Reconciler(grid, Clock.systemUTC(), Duration.ZERO, Timings.DEFAULT_RECONCILIATION_PACE);
    Order before = place("gina", "p0", 1);
    reconciler.run(Reconciler.Scope.FULL);
    Order after = place("hank", "p1", 1);

    ReconciliationReport incremental = reconciler.run(Reconciler.Scope.INCREMENTAL);

    assertThat(incremental.ordersChecked()).isEqualTo(1);
    assertThat(incremental.productsChecked()).isEqualTo(1);
    assertThat(incremental.findings()).isEmpty();
    ReconciliationReport full = reconciler.run(Reconciler.Scope.FULL);
    assertThat(full.ordersChecked()).isEqualTo(2);
    assertThat(full.productsChecked()).as("every ledger of the sale, with orders or not").isEqualTo(3);
    assertThat(full.findings()).isEmpty();
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
