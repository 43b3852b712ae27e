package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.Hold;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.GridState;
import com.flashsale.node.testing.MutableClock;
import com.flashsale.node.testing.SplitSides;
import com.flashsale.node.testing.TestSales;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.instance.impl.LifecycleServiceImpl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rebuild of merged stock from the orders, on two members: a fenced product gets the figures its orders
 * give, an oversell is reported and sells nothing more, and both triggers work (the member that merged, and
 * reconciliation for a fence left standing). The merge itself is simulated here ({@link SplitSides}).
 */
class StockRebuildTest {

  private static final ProductKey P0 = new ProductKey("rb", "p0");

  private final MutableClock clock = new MutableClock(Instant.now());
  private FlashSaleCluster cluster;
  private Grid grid;
  private Sale sale;

  @BeforeEach
  void startTwoMembersWithAnOpenSale() {
    cluster = FlashSaleCluster.start(2, clock, FlashSaleCluster.MANUAL_SWEEP);
    grid = cluster.grid();
    sale = TestSales.activeSale("rb", 3, 300, TestSales.products(2, 10));
    cluster.node(0).sales().create(sale);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private Order place(String user, int quantity) {
    Placement placement = cluster.node(1).orders()
        .place(new PlaceOrderRequest("rb", "p0", user, quantity), null).toCompletableFuture().join();
    assertThat(placement.outcome()).isEqualTo(Placement.Outcome.CREATED);
    return placement.order();
  }

  private Order placeAndPay(String user, int quantity) {
    Order order = place(user, quantity);
    cluster.node(0).orders().pay(order.orderId(), true, "pay-" + user).toCompletableFuture().join();
    return order;
  }

  /** This side sells to alice (2, paid), bob (1, pending) and carol (1, cancelled); the other side sold 3 to dave. */
  private void splitWhereBothSidesSold() {
    placeAndPay("alice", 2);
    place("bob", 1);
    Order cancelled = place("carol", 1);
    cluster.node(0).orders().cancel(cancelled.orderId()).toCompletableFuture().join();
    Order dave = SplitSides.soldElsewhere(grid, sale, "p0", "dave", 3, clock);
    SplitSides.mergeStock(grid, P0, SplitSides.stockThatSold(grid.stock().get(P0), List.of(dave)));
  }

  /** This side sells 8 of the 10 units (paid); the other side sold 5 more: 3 units promised twice. */
  private void splitWhereBothSidesSoldTheSameUnits() {
    for (String user : List.of("u1", "u2", "u3", "u4")) {
      placeAndPay(user, 2);
    }
    List<Order> elsewhere = new ArrayList<>();
    elsewhere.add(SplitSides.soldElsewhere(grid, sale, "p0", "eve", 3, clock));
    elsewhere.add(SplitSides.soldElsewhere(grid, sale, "p0", "frank", 2, clock));
    SplitSides.mergeStock(grid, P0, SplitSides.stockThatSold(grid.stock().get(P0), elsewhere));
  }

  @Test
  void a_fenced_stock_gets_the_figures_of_the_orders_of_both_sides() {
    splitWhereBothSidesSold();
    assertThat(grid.stock().get(P0).available()).as("the merge sells nothing").isZero();

    List<StockRebuild.Rebuilt> rebuilt = cluster.node(0).stockRebuild().run();

    assertThat(rebuilt).containsExactly(new StockRebuild.Rebuilt(P0, true, 0));
    Stock stock = grid.stock().get(P0);
    assertThat(stock.confirmed()).isEqualTo(2 + 3);
    assertThat(stock.holds()).extracting(Hold::userId).containsExactly("bob");
    assertThat(stock.available()).isEqualTo(10 - 5 - 1);
    assertThat(GridState.read(grid).stockViolations()).isEmpty();
    assertThat(cluster.node(1).stockRebuild().run()).as("a second rebuild finds no fence").isEmpty();
  }

  @Test
  void orders_of_both_sides_beyond_the_total_are_reported_as_an_oversell_and_nothing_more_is_sold() {
    splitWhereBothSidesSoldTheSameUnits();

    List<StockRebuild.Rebuilt> rebuilt = cluster.node(1).stockRebuild().run();

    assertThat(rebuilt).containsExactly(new StockRebuild.Rebuilt(P0, true, 8 + 5 - 10));
    Stock stock = grid.stock().get(P0);
    assertThat(stock.available()).isZero();
    assertThat(stock.holds()).isEmpty();
    assertThat(stock.confirmed()).isEqualTo(10);
  }

  @Test
  void a_reconciliation_settles_a_fence_left_standing_and_then_finds_the_figures_right() {
    splitWhereBothSidesSold();
    clock.advance(Duration.ofSeconds(10));

    ReconciliationReport report = cluster.node(1).reconciler().run();

    assertThat(report.findings()).singleElement().satisfies(finding -> {
      assertThat(finding.kind()).isEqualTo("MERGE_FENCE_SETTLED");
      assertThat(finding.productId()).isEqualTo("p0");
      assertThat(finding.repaired()).isTrue();
    });
    assertThat(grid.stock().get(P0).available()).isEqualTo(4);
    assertThat(cluster.node(0).reconciler().run().findings()).isEmpty();
  }

  @Test
  void a_reconciliation_reports_an_oversell_uncovered_by_the_rebuild_as_unrepaired() {
    splitWhereBothSidesSoldTheSameUnits();
    clock.advance(Duration.ofSeconds(10));

    ReconciliationReport report = cluster.node(0).reconciler().run();

    assertThat(report.findings()).extracting(ReconciliationReport.Finding::kind)
        .contains("MERGE_FENCE_SETTLED", "OVERSOLD_AFTER_MERGE");
    assertThat(report.findings()).filteredOn(finding -> finding.kind().equals("OVERSOLD_AFTER_MERGE")).singleElement()
        .satisfies(finding -> {
          assertThat(finding.repaired()).isFalse();
          assertThat(finding.detail()).contains("3 unit(s)");
        });
    assertThat(grid.stock().get(P0).available()).isZero();
  }

  @Test
  void a_member_that_merged_back_rebuilds_the_fenced_stock_on_its_own() {
    splitWhereBothSidesSold();

    ((LifecycleServiceImpl) cluster.node(1).instance().getLifecycleService())
        .fireLifecycleEvent(LifecycleEvent.LifecycleState.MERGED);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Stock stock = grid.stock().get(P0);
      assertThat(stock.hold(Hold.MERGE_FENCE_ID)).isEmpty();
      assertThat(stock.available()).isEqualTo(4);
    });
  }
}
