package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.SaleStatus;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.processors.SettleOrder;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.GridState;
import com.flashsale.node.testing.TestSales;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The order service's answers, on two members: placement outcomes, payment, cancel and idempotent replay. */
class OrderServiceTest {

  private static FlashSaleCluster cluster;
  private static FlashSaleNode node;
  private static OrderService orders;
  private static int sales;

  @BeforeAll
  static void startTwoMembers() {
    cluster = FlashSaleCluster.start(2, Clock.systemUTC(), FlashSaleCluster.MANUAL_SWEEP);
    node = cluster.node(0);
    orders = node.orders();
  }

  @AfterAll
  static void stopThem() {
    cluster.close();
  }

  /** A fresh active sale of one product "p1" (5 units, limit 3, 300 s to pay); returns its id. */
  private static String newSale(int paymentWindowSeconds) {
    String saleId = "sale-" + ++sales;
    assertThat(node.sales().create(TestSales.activeSale(saleId, 3, paymentWindowSeconds,
        List.of(TestSales.product("p1", 5))))).isEqualTo(SaleService.Creation.CREATED);
    return saleId;
  }

  private static Placement place(String saleId, String userId, int quantity, String key) {
    return orders.place(new PlaceOrderRequest(saleId, "p1", userId, quantity), key);
  }

  private static Ledger stock(String saleId) {
    return cluster.grid().ledgers().get(new ProductKey(saleId, "p1"));
  }

  @Test
  void a_placement_within_stock_and_limit_creates_a_pending_order_and_holds_its_units() {
    String sale = newSale(300);

    Placement placed = place(sale, "u1", 2, null);

    assertThat(placed.outcome()).isEqualTo(Placement.Outcome.CREATED);
    assertThat(placed.order().status()).isEqualTo(OrderStatus.PENDING);
    assertThat(placed.order().quantity()).isEqualTo(2);
    assertThat(stock(sale).available()).isEqualTo(3);
    assertThat(stock(sale).order(placed.order().orderId())).contains(placed.order());
    assertThat(orders.find(OrderId.of(placed.order()))).contains(placed.order());
  }

  @Test
  void a_payment_or_cancel_made_on_the_ledger_shows_at_once_when_the_order_is_read() {
    String sale = newSale(300);
    Order paid = place(sale, "reader", 1, null).order();
    Order cancelled = place(sale, "reader", 1, null).order();
    // Straight on the ledgers, as a call whose member died before it answered leaves them.
    cluster.grid().ledgers().executeOnKey(paid.productKey(),
        new SettleOrder(paid.orderId(), SettleOrder.Action.PAYMENT_SUCCEEDED, "pay-lost"));
    cluster.grid().ledgers().executeOnKey(cancelled.productKey(),
        new SettleOrder(cancelled.orderId(), SettleOrder.Action.CANCEL, null));

    assertThat(orders.ordersOf("reader")).extracting(Order::status)
        .containsExactlyInAnyOrder(OrderStatus.CONFIRMED, OrderStatus.CANCELLED);
    assertThat(orders.find(OrderId.of(paid)).orElseThrow().status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(cluster.node(1).orders().find(OrderId.of(cancelled)).orElseThrow().status())
        .isEqualTo(OrderStatus.CANCELLED);
  }

  @Test
  void an_overdue_unpaid_order_is_listed_expired_as_it_reads_by_id() {
    String sale = newSale(1);
    Order overdue = place(sale, "overdue-lister", 1, null).order();

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(orders.ordersOf("overdue-lister"))
        .extracting(Order::status).containsExactly(OrderStatus.CANCELLED));
    assertThat(orders.find(OrderId.of(overdue)).orElseThrow().cancelReason()).isEqualTo(CancelReason.EXPIRED);
  }

  @Test
  void the_same_key_sent_many_times_at_once_makes_one_order_and_takes_its_units_once() {
    for (int round = 0; round < 20; round++) {
      String sale = newSale(round % 2 == 0 ? 300 : 0);
      List<CompletableFuture<Placement>> racing = IntStream.range(0, 6)
          .mapToObj(i -> CompletableFuture.supplyAsync(() -> cluster.node(i % 2).orders()
              .place(new PlaceOrderRequest(sale, "p1", "u1", 2), "key-" + sale)))
          .toList();

      List<Placement> answers = racing.stream().map(CompletableFuture::join).toList();

      assertThat(answers).extracting(Placement::outcome)
          .allMatch(outcome -> outcome == Placement.Outcome.CREATED || outcome == Placement.Outcome.REPLAYED);
      assertThat(answers).extracting(placement -> placement.order().orderId()).containsOnly(answers.get(0).order().orderId());
      Ledger stock = stock(sale);
      assertThat(stock.available()).as("round %d, answers %s, stock %s, order %s", round, answers.stream()
          .map(Placement::outcome).toList(), stock, stock.order(answers.get(0).order().orderId()))
          .isEqualTo(3);
      assertThat(stock.pending() + stock.confirmed()).isEqualTo(2);
      assertThat(stock.unitsOf("u1")).as("what the first attempt took is never given back by another").isEqualTo(2);
    }
  }

  @Test
  void a_placement_in_a_sale_without_payment_window_is_confirmed_and_its_units_sold() {
    String sale = newSale(0);

    Placement placed = place(sale, "u1", 2, null);

    assertThat(placed.order().status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(stock(sale).confirmed()).isEqualTo(2);
    assertThat(stock(sale).pending()).isZero();
  }

  @Test
  void placing_in_an_unknown_sale_or_for_an_unknown_product_is_rejected_as_not_found() {
    String sale = newSale(300);

    assertThat(orders.place(new PlaceOrderRequest("nope", "p1", "u1", 1), null).outcome())
        .isEqualTo(Placement.Outcome.SALE_NOT_FOUND);
    assertThat(orders.place(new PlaceOrderRequest(sale, "nope", "u1", 1), null).outcome())
        .isEqualTo(Placement.Outcome.PRODUCT_NOT_FOUND);
  }

  @Test
  void placing_in_an_upcoming_or_ended_sale_is_rejected_with_its_status() {
    node.sales().create(TestSales.upcomingSale("later", List.of(TestSales.product("p1", 5))));
    String ended = newSale(300);
    node.sales().end(ended);

    Placement early = place("later", "u1", 1, null);
    Placement late = place(ended, "u1", 1, null);

    assertThat(early.outcome()).isEqualTo(Placement.Outcome.SALE_NOT_ACTIVE);
    assertThat(early.saleStatus()).isEqualTo(SaleStatus.UPCOMING);
    assertThat(late.outcome()).isEqualTo(Placement.Outcome.SALE_NOT_ACTIVE);
    assertThat(late.saleStatus()).isEqualTo(SaleStatus.ENDED);
    assertThat(stock(ended).available()).isEqualTo(5);
  }

  @Test
  void placing_more_than_available_is_rejected_with_insufficient_stock_and_the_units_left() {
    String sale = newSale(300);
    place(sale, "u1", 3, null);

    Placement tooMany = place(sale, "u2", 3, null);

    assertThat(tooMany.outcome()).isEqualTo(Placement.Outcome.INSUFFICIENT_STOCK);
    assertThat(tooMany.available()).isEqualTo(2);
    assertThat(stock(sale).unitsOf("u2")).as("nothing counted against the user").isZero();
  }

  @Test
  void placing_when_nothing_is_left_is_rejected_as_sold_out() {
    String sale = newSale(300);
    place(sale, "u1", 3, null);
    place(sale, "u2", 2, null);

    assertThat(place(sale, "u3", 1, null).outcome()).isEqualTo(Placement.Outcome.SOLD_OUT);
  }

  @Test
  void placing_past_the_per_user_limit_is_rejected_with_the_limit_and_what_the_user_holds() {
    String sale = newSale(300);
    place(sale, "u1", 2, null);

    Placement over = place(sale, "u1", 2, null);

    assertThat(over.outcome()).isEqualTo(Placement.Outcome.LIMIT_EXCEEDED);
    assertThat(over.limit()).isEqualTo(3);
    assertThat(over.held()).isEqualTo(2);
    assertThat(stock(sale).available()).isEqualTo(3);
  }

  @Test
  void a_cancelled_order_gives_back_its_units_and_the_users_limit() {
    String sale = newSale(300);
    OrderId orderId = OrderId.of(place(sale, "u1", 3, null).order());

    OrderChange cancelled = orders.cancel(orderId);

    assertThat(cancelled.outcome()).isEqualTo(OrderChange.Outcome.APPLIED);
    assertThat(cancelled.order().cancelReason()).isEqualTo(CancelReason.USER_CANCELLED);
    assertThat(stock(sale).available()).isEqualTo(5);
    assertThat(place(sale, "u1", 3, null).outcome()).isEqualTo(Placement.Outcome.CREATED);
  }

  @Test
  void a_successful_payment_confirms_the_order_and_repeating_it_returns_the_same_order() {
    String sale = newSale(300);
    OrderId orderId = OrderId.of(place(sale, "u1", 2, null).order());

    OrderChange paid = orders.pay(orderId, true, "pay-1");
    OrderChange again = orders.pay(orderId, true, "pay-1");

    assertThat(paid.outcome()).isEqualTo(OrderChange.Outcome.APPLIED);
    assertThat(paid.order().status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(again.outcome()).isEqualTo(OrderChange.Outcome.ALREADY_APPLIED);
    assertThat(again.order()).isEqualTo(paid.order());
    assertThat(stock(sale).confirmed()).isEqualTo(2);
    assertThat(stock(sale).available()).isEqualTo(3);
    assertThat(orders.cancel(orderId).outcome()).isEqualTo(OrderChange.Outcome.NOT_PENDING);
  }

  @Test
  void a_failed_payment_cancels_the_order_and_returns_its_units() {
    String sale = newSale(300);
    OrderId orderId = OrderId.of(place(sale, "u1", 2, null).order());

    OrderChange failed = orders.pay(orderId, false, "pay-ko");

    assertThat(failed.order().status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(failed.order().cancelReason()).isEqualTo(CancelReason.PAYMENT_FAILED);
    assertThat(stock(sale).available()).isEqualTo(5);
    assertThat(orders.pay(orderId, true, "pay-ok").outcome())
        .isEqualTo(OrderChange.Outcome.NOT_PENDING);
  }

  @Test
  void paying_or_cancelling_an_unknown_order_answers_not_found() {
    OrderId unknown = new OrderId(123456789L, 7);

    assertThat(orders.pay(unknown, true, "x").outcome()).isEqualTo(OrderChange.Outcome.NOT_FOUND);
    assertThat(orders.cancel(unknown).outcome()).isEqualTo(OrderChange.Outcome.NOT_FOUND);
    assertThat(orders.find(unknown)).isEmpty();
  }

  @Test
  void replaying_an_idempotency_key_returns_the_same_order_and_takes_no_more_stock() {
    String sale = newSale(300);
    Placement first = place(sale, "u1", 2, "key-" + sale);

    Placement replay = place(sale, "u1", 2, "key-" + sale);
    Placement replayOnOtherMember = cluster.node(1).orders()
        .place(new PlaceOrderRequest(sale, "p1", "u1", 2), "key-" + sale);

    assertThat(first.outcome()).isEqualTo(Placement.Outcome.CREATED);
    assertThat(replay.outcome()).isEqualTo(Placement.Outcome.REPLAYED);
    assertThat(replay.order()).isEqualTo(first.order());
    assertThat(replayOnOtherMember.order()).isEqualTo(first.order());
    assertThat(stock(sale).available()).isEqualTo(3);
    assertThat(stock(sale).unitsOf("u1")).isEqualTo(2);
  }

  @Test
  void reusing_an_idempotency_key_with_another_request_is_rejected_and_takes_nothing() {
    String sale = newSale(300);
    place(sale, "u1", 1, "key-" + sale);

    Placement other = place(sale, "u1", 2, "key-" + sale);

    assertThat(other.outcome()).isEqualTo(Placement.Outcome.IDEMPOTENCY_KEY_REUSED);
    assertThat(stock(sale).available()).isEqualTo(4);
  }

  @Test
  void a_key_whose_placement_was_rejected_can_be_used_again_once_stock_is_back() {
    String sale = newSale(300);
    Order blocker = place(sale, "u1", 3, null).order();
    place(sale, "u2", 2, null);
    assertThat(place(sale, "u3", 1, "key-" + sale).outcome()).isEqualTo(Placement.Outcome.SOLD_OUT);
    assertThat(orders.cancel(OrderId.of(blocker)).outcome()).isEqualTo(OrderChange.Outcome.APPLIED);

    assertThat(place(sale, "u3", 1, "key-" + sale).outcome()).isEqualTo(Placement.Outcome.CREATED);
  }

  @Test
  void replaying_an_idempotency_key_after_the_sale_ended_still_returns_the_order_it_created() {
    String sale = newSale(300);
    Placement first = place(sale, "u1", 1, "key-" + sale);
    node.sales().end(sale);

    Placement replay = place(sale, "u1", 1, "key-" + sale);

    assertThat(replay.outcome()).isEqualTo(Placement.Outcome.REPLAYED);
    assertThat(replay.order()).isEqualTo(first.order());
  }

  @Test
  void a_read_of_an_order_whose_window_passed_expires_it_and_returns_its_units() {
    String sale = newSale(1);
    Order placed = place(sale, "u1", 2, null).order();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(orders.find(OrderId.of(placed))).get().extracting(Order::cancelReason).isEqualTo(CancelReason.EXPIRED));
    assertThat(stock(sale).available()).isEqualTo(5);
    assertThat(stock(sale).order(placed.orderId()).orElseThrow().status()).as("as the ledger stores it")
        .isEqualTo(OrderStatus.CANCELLED);
  }

  @Test
  void a_users_orders_are_listed_newest_first() {
    String sale = newSale(300);
    Order older = place(sale, "lister", 1, null).order();
    Order newer = place(sale, "lister", 1, null).order();

    List<Order> listed = orders.ordersOf("lister");

    assertThat(listed).extracting(Order::orderId).containsExactly(newer.orderId(), older.orderId());
    assertThat(GridState.read(cluster.grid()).stockViolations()).isEmpty();
  }
}
