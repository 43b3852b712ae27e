package com.flashsale.node.processors;

import static com.flashsale.node.processors.Replicas.entry;
import static com.flashsale.node.processors.Replicas.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.SaleStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ledger's operations on one entry, without a cluster (no instance: they read the local clock). Each
 * changing operation hands its backup the change it committed, and a replica that applies it reaches the
 * primary's value; one that changes nothing sends nothing.
 */
class LedgerOperationsTest {

  private static final ProductKey KEY = new ProductKey("s1", "p1");
  private static final Instant NOW = Instant.now();

  private static Ledger open(int units) {
    return Ledger.initial(KEY.saleId(), units, NOW.minusSeconds(60), NOW.plusSeconds(3600));
  }

  private static PlaceOrder place(long orderId, String user, int quantity, int limit, int paymentWindow) {
    return new PlaceOrder(orderId, user, quantity, limit, paymentWindow, new BigDecimal("9.99"), "EUR", null, null, null);
  }

  @Test
  void a_placement_takes_the_units_records_the_order_and_counts_the_user_in_one_step() {
    Map.Entry<ProductKey, Ledger> entry = entry(KEY, open(5));

    Placement placement = run(place(1, "u1", 2, 2, 300), entry);

    assertThat(placement.outcome()).isEqualTo(Placement.Outcome.CREATED);
    assertThat(placement.order().status()).isEqualTo(OrderStatus.PENDING);
    assertThat(placement.available()).isEqualTo(3);
    assertThat(entry.getValue().orders()).containsKey(1L);
    assertThat(entry.getValue().unitsOf("u1")).isEqualTo(2);
  }

  @Test
  void a_placement_without_a_payment_window_is_confirmed_at_once() {
    Map.Entry<ProductKey, Ledger> entry = entry(KEY, open(5));

    Placement placement = run(place(1, "u1", 1, 1, 0), entry);

    assertThat(placement.order().status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(entry.getValue().confirmed()).isEqualTo(1);
  }

  @Test
  void the_limit_counts_the_users_pending_and_confirmed_units_of_the_product() {
    Map.Entry<ProductKey, Ledger> entry = entry(KEY, open(5));
    run(place(1, "u1", 1, 2, 0), entry);
    run(place(2, "u1", 1, 2, 300), entry);

    Placement third = run(place(3, "u1", 1, 2, 300), entry);

    assertThat(third.outcome()).isEqualTo(Placement.Outcome.LIMIT_EXCEEDED);
    assertThat(third.limit()).isEqualTo(2);
    assertThat(third.held()).isEqualTo(2);
    assertThat(run(place(4, "u2", 2, 2, 300), entry).outcome()).as("another user").isEqualTo(Placement.Outcome.CREATED);
  }

  @Test
  void a_sold_out_product_and_one_with_too_few_units_are_told_apart() {
    Map.Entry<ProductKey, Ledger> entry = entry(KEY, open(2));
    run(place(1, "u1", 1, 5, 300), entry);

    Placement tooMany = run(place(2, "u2", 2, 5, 300), entry);
    run(place(3, "u3", 1, 5, 300), entry);
    Placement none = run(place(4, "u4", 1, 5, 300), entry);

    assertThat(tooMany.outcome()).isEqualTo(Placement.Outcome.INSUFFICIENT_STOCK);
    assertThat(tooMany.available()).isEqualTo(1);
    assertThat(none.outcome()).isEqualTo(Placement.Outcome.SOLD_OUT);
  }

  @Test
  void a_placement_outside_the_window_is_refused_with_the_sales_status() {
    Ledger upcoming = Ledger.initial(KEY.saleId(), 5, NOW.plusSeconds(60), NOW.plusSeconds(120));
    Ledger ended = open(5).apply(LedgerChange.closedAt(NOW.minusSeconds(1).toEpochMilli()));

    assertThat(run(place(1, "u1", 1, 1, 300), entry(KEY, upcoming)).saleStatus()).isEqualTo(SaleStatus.UPCOMING);
    assertThat(run(place(1, "u1", 1, 1, 300), entry(KEY, ended)).saleStatus()).isEqualTo(SaleStatus.ENDED);
  }

  @Test
  void placing_an_order_id_the_ledger_has_answers_that_order_and_takes_nothing_even_after_it_was_paid() {
    Map.Entry<ProductKey, Ledger> entry = entry(KEY, open(5));
    run(place(1, "u1", 1, 1, 300), entry);
    run(new SettleOrder(1, SettleOrder.Action.PAYMENT_SUCCEEDED, "ref"), entry);
    Ledger paid = entry.getValue();

    Placement late = run(place(1, "u1", 1, 1, 300), entry);

    assertThat(late.outcome()).isEqualTo(Placement.Outcome.REPLAYED);
    assertThat(late.order().status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(entry.getValue()).isSameAs(paid);
    assertThat(paid.confirmed()).as("a late duplicate take is never counted twice").isEqualTo(1);
  }

  @Test
  void a_cancel_returns_the_units_in_the_same_step_that_cancels_the_order() {
    Map.Entry<ProductKey, Ledger> entry = entry(KEY, open(5));
    run(place(1, "u1", 2, 2, 300), entry);

    OrderChange change = run(new SettleOrder(1, SettleOrder.Action.CANCEL, null), entry);

    assertThat(change.outcome()).isEqualTo(OrderChange.Outcome.APPLIED);
    assertThat(change.order().cancelReason()).isEqualTo(CancelReason.USER_CANCELLED);
    assertThat(entry.getValue().available()).as("no unit left held by a cancelled order").isEqualTo(5);
    assertThat(entry.getValue().unitsOf("u1")).isZero();
  }

  @Test
  void a_failed_payment_returns_the_units_in_the_same_step() {
    Map.Entry<ProductKey, Ledger> entry = entry(KEY, open(5));
    run(place(1, "u1", 2, 2, 300), entry);

    OrderChange change = run(new SettleOrder(1, SettleOrder.Action.PAYMENT_FAILED, "declined"), entry);

    assertThat(change.order().cancelReason()).isEqualTo(CancelReason.PAYMENT_FAILED);
    assertThat(change.order().paymentRef()).isEqualTo("declined");
    assertThat(entry.getValue().available()).isEqualTo(5);
    assertThat(entry.getValue().pending()).isZero();
  }

  @Test
  void repeating_a_settlement_that_took_effect_answers_already_applied_and_another_is_not_pending() {
    Map.Entry<ProductKey, Ledger> entry = entry(KEY, open(5));
    run(place(1, "u1", 1, 1, 300), entry);
    run(new SettleOrder(1, SettleOrder.Action.PAYMENT_SUCCEEDED, "ref"), entry);

    assertThat(run(new SettleOrder(1, SettleOrder.Action.PAYMENT_SUCCEEDED, "ref"), entry).outcome())
        .isEqualTo(OrderChange.Outcome.ALREADY_APPLIED);
    assertThat(run(new SettleOrder(1, SettleOrder.Action.CANCEL, null), entry).outcome())
        .isEqualTo(OrderChange.Outcome.NOT_PENDING);
    assertThat(run(new SettleOrder(9, SettleOrder.Action.CANCEL, null), entry).outcome())
        .isEqualTo(OrderChange.Outcome.NOT_FOUND);
  }

  @Test
  void an_overdue_order_is_expired_instead_of_paid() {
    Order overdue = Order.placed(1, KEY, "u1", 1, BigDecimal.ONE, "EUR", 1, NOW.minusSeconds(10), null, null);
    Map.Entry<ProductKey, Ledger> entry = entry(KEY, open(5).apply(LedgerChange.of(overdue)));

    OrderChange change = run(new SettleOrder(1, SettleOrder.Action.PAYMENT_SUCCEEDED, "late"), entry);

    assertThat(change.outcome()).isEqualTo(OrderChange.Outcome.EXPIRED);
    assertThat(change.order().cancelReason()).isEqualTo(CancelReason.EXPIRED);
    assertThat(entry.getValue().available()).isEqualTo(5);
  }

  @Test
  void expiring_due_orders_expires_exactly_those_whose_window_has_passed() {
    Ledger ledger = open(5)
        .apply(LedgerChange.of(Order.placed(1, KEY, "u1", 1, BigDecimal.ONE, "EUR", 1, NOW.minusSeconds(10), null, null)))
        .apply(LedgerChange.of(Order.placed(2, KEY, "u2", 1, BigDecimal.ONE, "EUR", 300, NOW, null, null)));
    Map.Entry<ProductKey, Ledger> entry = entry(KEY, ledger);

    LedgerChange expired = run(new ExpireDue(10), entry);

    assertThat(expired.orders()).extracting(Order::orderId).containsExactly(1L);
    assertThat(entry.getValue().pending()).isEqualTo(1);
    assertThat(entry.getValue().available()).isEqualTo(4);
    assertThat(run(new ExpireDue(10), entry).orders()).as("a second sweep finds nothing due").isEmpty();
  }

  @Test
  void expiring_due_orders_takes_at_most_the_batch_earliest_first() {
    Ledger ledger = open(5);
    for (long id = 1; id <= 3; id++) {
      ledger = ledger.apply(LedgerChange.of(Order.placed(id, KEY, "u" + id, 1, BigDecimal.ONE, "EUR", 1,
          NOW.minusSeconds(20 - id), null, null)));
    }
    Map.Entry<ProductKey, Ledger> entry = entry(KEY, ledger);

    assertThat(run(new ExpireDue(2), entry).orders()).extracting(Order::orderId).containsExactly(1L, 2L);
    assertThat(entry.getValue().pending()).isEqualTo(1);
    assertThat(run(new ExpireDue(2), entry).orders()).extracting(Order::orderId).containsExactly(3L);
    assertThat(entry.getValue().available()).isEqualTo(5);
  }

  @Test
  void an_operation_on_a_product_without_a_ledger_changes_nothing() {
    assertThat(run(place(1, "u1", 1, 1, 300), entry(KEY, null)).outcome()).isEqualTo(Placement.Outcome.UNAVAILABLE);
    assertThat(run(new SettleOrder(1, SettleOrder.Action.CANCEL, null), entry(KEY, null)).outcome())
        .isEqualTo(OrderChange.Outcome.NOT_FOUND);
  }
}
