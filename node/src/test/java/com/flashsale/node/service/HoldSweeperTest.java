package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.processors.LedgerIndexes;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.GridState;
import com.flashsale.node.testing.TestSales;
import com.hazelcast.cluster.Member;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Expiry by the sweeper, on two members that sweep only when told: unpaid orders expire in their ledger and
 * their units and the user's limit come back in the same step. Orders are checked as their ledger stores them
 * (not through the order service, which would expire an overdue order itself).
 */
class HoldSweeperTest {

  private static final ProductKey PRODUCT = new ProductKey("s1", "p1");

  private FlashSaleCluster cluster;
  private Grid grid;
  private FlashSaleNode node;

  @BeforeEach
  void startTwoMembersWithASale() {
    cluster = FlashSaleCluster.start(2, Clock.systemUTC(), FlashSaleCluster.MANUAL_SWEEP);
    node = cluster.node(0);
    grid = cluster.grid();
    node.sales().create(TestSales.activeSale("s1", 3, 1, List.of(TestSales.product("p1", 10))));
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void an_order_left_unpaid_past_its_window_is_expired_by_the_sweeper_and_its_units_come_back() {
    Order placed = place("u1", 3).order();
    assertThat(ledger().available()).isEqualTo(7);

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      cluster.sweepAll();
      assertThat(stored(placed).status()).isEqualTo(OrderStatus.CANCELLED);
    });

    Order expired = stored(placed);
    assertThat(expired.cancelReason()).isEqualTo(CancelReason.EXPIRED);
    assertThat(expired.expiresAt()).isNull();
    assertThat(ledger().available()).isEqualTo(10);
    assertThat(ledger().pending()).isZero();
    assertThat(ledger().unitsOf("u1")).isZero();
    assertThat(ledger().nextDeadline()).isEqualTo(Long.MAX_VALUE);
    assertThat(GridState.read(grid).stockViolations()).isEmpty();
  }

  @Test
  void a_sweep_finds_only_the_products_with_an_order_due() {
    node.sales().create(TestSales.activeSale("s2", 3, 300, TestSales.products(20, 5)));
    place("u1", 1);

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> cluster.sweepAll() == 1);

    assertThat(cluster.sweepAll()).as("nothing else is due").isZero();
  }

  @Test
  void one_pass_expires_every_due_order_of_a_product_however_many_batches_they_take() {
    int unpaid = HoldSweeper.BATCH + 44;
    node.sales().create(TestSales.activeSale("wave", 1, 1, List.of(TestSales.product("p1", unpaid))));
    Instant lastDue = Instant.MIN;
    for (int user = 0; user < unpaid; user++) {
      Placement placed = node.orders().place(new PlaceOrderRequest("wave", "p1", "u" + user, 1), null);
      lastDue = placed.order().expiresAt().isAfter(lastDue) ? placed.order().expiresAt() : lastDue;
    }
    awaitClusterTimePast(lastDue.plusMillis(100));
    ProductKey wave = new ProductKey("wave", "p1");

    assertThat(cluster.sweepAll()).isEqualTo(unpaid);
    assertThat(grid.ledgers().get(wave).available()).isEqualTo(unpaid);
  }

  @Test
  void once_the_cluster_is_settled_a_pass_sweeps_only_the_ledgers_with_an_order_due() {
    node.sales().create(TestSales.activeSale("later", 1, 300, TestSales.products(200, 5)));
    awaitSettled();
    for (int product = 0; product < 200; product++) {
      node.orders().place(new PlaceOrderRequest("later", "p" + product, "u" + product, 1), null);
    }
    Order dueOrder = place("u1", 1).order();
    List<Integer> indexed = cluster.running().stream().map(member -> LedgerIndexes.of(member.instance()).due().size()).toList();
    assertThat(indexed).as("each member indexed the ledgers it owns as they took orders").doesNotContain(0);
    assertThat(indexed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(201);

    awaitClusterTimePast(dueOrder.expiresAt());
    List<HoldSweeper.Pass> passes = sweepEach();

    assertThat(passes).noneMatch(HoldSweeper.Pass::readAll);
    assertThat(passes.stream().mapToInt(HoldSweeper.Pass::ledgers).sum()).as("ledgers swept").isEqualTo(1);
    assertThat(passes.stream().mapToInt(HoldSweeper.Pass::expired).sum()).isEqualTo(1);
    assertThat(stored(dueOrder).status()).isEqualTo(OrderStatus.CANCELLED);
  }

  @Test
  void orders_placed_on_a_member_that_died_expire_on_the_member_that_took_its_partitions() {
    node.sales().create(TestSales.activeSale("crash", 1, 4, TestSales.products(40, 5)));
    awaitSettled();
    List<Order> orders = new ArrayList<>();
    for (int product = 0; product < 40; product++) {
      orders.add(node.orders().place(new PlaceOrderRequest("crash", "p" + product, "u", 1), null).order());
    }
    Member dying = cluster.node(1).instance().getCluster().getLocalMember();
    assertThat(TestSales.products(40, 5)).as("the member about to die owns some of the products")
        .anyMatch(product -> dying.equals(cluster.node(1).instance().getPartitionService()
            .getPartition(new ProductKey("crash", product.productId())).getOwner()));
    assertThat(sweepEach()).allMatch(pass -> pass.expired() == 0);

    cluster.terminate(1);

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      cluster.sweepAll();
      assertThat(orders).allSatisfy(order ->
          assertThat(stored(order).cancelReason()).isEqualTo(CancelReason.EXPIRED));
    });
    assertThat(GridState.read(grid).stockViolations()).isEmpty();
  }

  @Test
  void an_order_paid_in_time_is_never_expired() {
    node.sales().create(TestSales.activeSale("s3", 3, 2, List.of(TestSales.product("p1", 10))));
    Placement placed = node.orders().place(new PlaceOrderRequest("s3", "p1", "u1", 2), null);
    node.orders().pay(OrderId.of(placed.order()), true, "ref");

    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
        .until(() -> cluster.sweepAll() == 0);

    assertThat(stored(placed.order()).status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(grid.ledgers().get(new ProductKey("s3", "p1")).confirmed()).isEqualTo(2);
  }

  @Test
  void paying_an_order_the_sweeper_expired_is_rejected_as_not_pending() {
    Order placed = place("u1", 1).order();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      cluster.sweepAll();
      assertThat(stored(placed).status()).isEqualTo(OrderStatus.CANCELLED);
    });

    OrderChange payment = node.orders().pay(OrderId.of(placed), true, "late");

    assertThat(payment.outcome()).isEqualTo(OrderChange.Outcome.NOT_PENDING);
    assertThat(payment.order().cancelReason()).isEqualTo(CancelReason.EXPIRED);
    assertThat(ledger().confirmed()).isZero();
  }

  @Test
  void paying_an_overdue_order_before_any_sweep_expires_it_on_the_spot_and_returns_its_units() {
    Order placed = place("u1", 2).order();
    Instant expiresAt = stored(placed).expiresAt();
    awaitClusterTimePast(expiresAt.plusMillis(50));

    OrderChange payment = node.orders().pay(OrderId.of(placed), true, "late");

    assertThat(payment.outcome()).isEqualTo(OrderChange.Outcome.EXPIRED);
    assertThat(payment.order().status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(payment.order().cancelReason()).isEqualTo(CancelReason.EXPIRED);
    assertThat(ledger().available()).isEqualTo(10);
    assertThat(ledger().confirmed()).isZero();
    assertThat(ledger().unitsOf("u1")).isZero();
    assertThat(stored(placed).cancelReason()).as("as the ledger stores it").isEqualTo(CancelReason.EXPIRED);
  }

  /**
   * Waits until {@code instant} has passed on this JVM's clock (what a sweeper picks due ledgers by) and on every
   * member's cluster clock (what a ledger judges expiry by): a member's cluster time may run behind the JVM's.
   */
  private void awaitClusterTimePast(Instant instant) {
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> Instant.now().isAfter(instant)
        && cluster.running().stream()
            .allMatch(member -> member.instance().getCluster().getClusterTime() > instant.toEpochMilli()));
  }

  /** Sweeps every member until no pass reads all ledgers: the partitions have stopped moving. */
  private void awaitSettled() {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> sweepEach().stream().noneMatch(HoldSweeper.Pass::readAll));
  }

  private List<HoldSweeper.Pass> sweepEach() {
    return cluster.running().stream().map(member -> member.sweeper().sweep()).toList();
  }

  /** The order as its ledger stores it now. */
  private Order stored(Order order) {
    return grid.ledgers().get(order.productKey()).order(order.orderId()).orElseThrow();
  }

  private Ledger ledger() {
    return grid.ledgers().get(PRODUCT);
  }

  private Placement place(String userId, int quantity) {
    Placement placed = node.orders().place(new PlaceOrderRequest("s1", "p1", userId, quantity), null);
    assertThat(placed.outcome()).isEqualTo(Placement.Outcome.CREATED);
    return placed;
  }
}
