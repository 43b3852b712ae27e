package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Hold;
import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.processors.CreateOrder;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.processors.ReserveAllowance;
import com.flashsale.node.processors.TakeResult;
import com.flashsale.node.processors.TakeUnits;
import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.GridState;
import com.flashsale.node.testing.TestSales;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Repair and expiry by the sweeper, on two members that sweep only when told (orphan grace 2 s): orphans
 * of dead placements are fenced and returned, unpaid orders expire and give their units back.
 */
class HoldSweeperTest {

  private static final ProductKey PRODUCT = new ProductKey("s1", "p1");
  private static final HoldingKey HOLDING = new HoldingKey("s1", "p1", "u1");

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
  void units_and_allowance_of_a_placement_that_died_before_creating_its_order_are_voided_and_returned() {
    long orderId = grid.orderIds().newId();
    long now = System.currentTimeMillis();
    grid.holdings().executeOnKey(HOLDING, new ReserveAllowance(orderId, 2, 3, now));
    TakeResult take = grid.stock().executeOnKey(PRODUCT, new TakeUnits(orderId, "u1", 2, now - 500, now));
    assertThat(take.outcome()).isEqualTo(TakeResult.Outcome.TAKEN);

    cluster.sweepAll();
    assertThat(grid.stock().get(PRODUCT).hold(orderId)).as("a placement in flight is left alone within the grace").isPresent();
    assertThat(grid.orders().get(orderId)).isNull();

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      cluster.sweepAll();
      assertThat(grid.stock().get(PRODUCT).available()).isEqualTo(10);
    });

    assertThat(grid.stock().get(PRODUCT).holds()).isEmpty();
    assertThat(grid.holdings().get(HOLDING)).isNull();
    assertThat(grid.orders().get(orderId).status()).isEqualTo(OrderStatus.VOIDED);
    assertThat(node.orders().find(orderId).toCompletableFuture().join()).isEmpty();
    assertThat(cluster.nodes().stream().mapToLong(member -> member.sweeper().orphansVoided()).sum()).isEqualTo(1);
  }

  @Test
  void a_placement_that_finishes_after_repair_voided_its_order_fails_instead_of_selling_returned_units() {
    long orderId = grid.orderIds().newId();
    long now = System.currentTimeMillis();
    grid.holdings().executeOnKey(HOLDING, new ReserveAllowance(orderId, 1, 3, now));
    grid.stock().executeOnKey(PRODUCT, new TakeUnits(orderId, "u1", 1, now - 5_000, now));
    cluster.sweepAll();
    Sale sale = grid.sales().get("s1");

    OrderChange late = grid.orders().executeOnKey(orderId,
        new CreateOrder(Order.placed(orderId, sale, sale.product("p1").orElseThrow(), "u1", 1, Instant.now())));

    assertThat(late.outcome()).isEqualTo(OrderChange.Outcome.VOIDED);
    assertThat(grid.orders().get(orderId).status()).isEqualTo(OrderStatus.VOIDED);
    assertThat(grid.stock().get(PRODUCT).available()).isEqualTo(10);
  }

  @Test
  void units_of_an_order_whose_payment_crashed_before_settling_are_confirmed_by_the_sweeper() {
    Placement placed = place("u1", 2);
    long orderId = placed.order().orderId();
    grid.orders().executeOnKey(orderId, new com.flashsale.node.processors.ConfirmPayment("pay", System.currentTimeMillis()));

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      cluster.sweepAll();
      assertThat(grid.stock().get(PRODUCT).confirmed()).isEqualTo(2);
    });

    assertThat(grid.stock().get(PRODUCT).holds()).isEmpty();
    assertThat(grid.orders().get(orderId).status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(grid.holdings().get(HOLDING).held()).as("a confirmed order keeps its allowance").isEqualTo(2);
  }

  @Test
  void an_order_left_unpaid_past_its_window_is_expired_by_the_sweeper_and_its_units_come_back() {
    Placement placed = place("u1", 3);
    long orderId = placed.order().orderId();
    assertThat(grid.stock().get(PRODUCT).available()).isEqualTo(7);

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      cluster.sweepAll();
      assertThat(grid.orders().get(orderId).status()).isEqualTo(OrderStatus.CANCELLED);
    });

    Order expired = grid.orders().get(orderId);
    assertThat(expired.cancelReason()).isEqualTo(CancelReason.EXPIRED);
    assertThat(expired.expiresAt()).isNull();
    assertThat(grid.stock().get(PRODUCT).available()).isEqualTo(10);
    assertThat(grid.stock().get(PRODUCT).holds()).isEmpty();
    assertThat(grid.holdings().get(HOLDING)).isNull();
    assertThat(GridState.read(grid).stockViolations()).isEmpty();
  }

  @Test
  void paying_an_order_the_sweeper_expired_is_rejected_as_not_pending() {
    long orderId = place("u1", 1).order().orderId();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      cluster.sweepAll();
      assertThat(grid.orders().get(orderId).status()).isEqualTo(OrderStatus.CANCELLED);
    });

    OrderChange payment = node.orders().pay(orderId, true, "late").toCompletableFuture().join();

    assertThat(payment.outcome()).isEqualTo(OrderChange.Outcome.NOT_PENDING);
    assertThat(payment.order().cancelReason()).isEqualTo(CancelReason.EXPIRED);
    assertThat(grid.stock().get(PRODUCT).confirmed()).isZero();
  }

  @Test
  void paying_an_overdue_order_before_any_sweep_expires_it_on_the_spot_and_returns_its_units() {
    long orderId = place("u1", 2).order().orderId();
    Instant expiresAt = grid.orders().get(orderId).expiresAt();
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(expiresAt));

    OrderChange payment = node.orders().pay(orderId, true, "late").toCompletableFuture().join();

    assertThat(payment.outcome()).isEqualTo(OrderChange.Outcome.EXPIRED);
    assertThat(payment.order().status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(payment.order().cancelReason()).isEqualTo(CancelReason.EXPIRED);
    assertThat(grid.stock().get(PRODUCT).available()).isEqualTo(10);
    assertThat(grid.stock().get(PRODUCT).confirmed()).isZero();
    assertThat(grid.holdings().get(HOLDING)).isNull();
  }

  private Placement place(String userId, int quantity) {
    Placement placed = node.orders().place(new PlaceOrderRequest("s1", "p1", userId, quantity), null)
        .toCompletableFuture().join();
    assertThat(placed.outcome()).isEqualTo(Placement.Outcome.CREATED);
    return placed;
  }

  @Test
  void a_merge_fence_is_never_swept_even_with_a_deadline_long_past() {
    Stock stock = grid.stock().get(PRODUCT);
    Hold overdueFence = new Hold(Hold.MERGE_FENCE_ID, Hold.MERGE_FENCE_USER, 4, 0);
    Stock fenced = new Stock(10, 6, 0, List.of(overdueFence), stock.opensAt(), stock.closesAt(), stock.version() + 1);
    grid.stock().set(PRODUCT, fenced);

    cluster.sweepAll();

    assertThat(grid.stock().get(PRODUCT)).isEqualTo(fenced);
    assertThat(grid.orders().get(Hold.MERGE_FENCE_ID)).as("no tombstone for the fence's id").isNull();
  }
}
