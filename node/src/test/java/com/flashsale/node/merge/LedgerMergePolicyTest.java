package com.flashsale.node.merge;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.domain.TicketStatus;
import com.flashsale.node.domain.WaitingRoom;
import com.flashsale.node.domain.ProductKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge of a product's ledger after a split in which both sides took orders. */
class LedgerMergePolicyTest {

  private static final ProductKey PRODUCT = new ProductKey("s1", "p1");
  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

  private static Order order(long orderId, String user, int quantity, int paymentWindow, Instant at) {
    return Order.placed(orderId, PRODUCT, user, quantity, BigDecimal.ONE, "EUR", paymentWindow, at, null, null);
  }

  private static Ledger before() {
    return Ledger.initial(PRODUCT.saleId(), 10, T.minusSeconds(60), T.plusSeconds(3600))
        .apply(LedgerChange.of(order(1, "u1", 2, 300, T)));
  }

  @Test
  void the_merged_ledger_keeps_the_orders_of_both_sides_with_figures_derived_from_them() {
    Ledger here = before().apply(LedgerChange.of(order(2, "u2", 3, 0, T.plusSeconds(1))));
    Ledger there = before().apply(LedgerChange.of(order(3, "u3", 1, 0, T.plusSeconds(2))));

    Ledger merged = LedgerMergePolicy.merge(here, there);

    assertThat(merged.orders()).containsOnlyKeys(1L, 2L, 3L);
    assertThat(merged.confirmed()).isEqualTo(4);
    assertThat(merged.pending()).isEqualTo(2);
    assertThat(merged.available()).isEqualTo(4);
    assertThat(merged.version()).as("above both sides").isGreaterThan(Math.max(here.version(), there.version()));
    assertThat(merged.changedAfter(Math.max(here.version(), there.version())))
        .as("every order is written again by the store").hasSize(3);
  }

  @Test
  void an_order_paid_on_one_side_and_cancelled_on_the_other_stays_paid() {
    Ledger base = before();
    Order pending = base.orders().get(1L);
    Ledger paid = base.apply(LedgerChange.of(pending.confirmed("ref", T.plusSeconds(5))));
    Ledger cancelled = base.apply(LedgerChange.of(pending.cancelled(CancelReason.USER_CANCELLED, null, T.plusSeconds(6))));

    Ledger merged = LedgerMergePolicy.merge(cancelled, paid);

    assertThat(merged.orders().get(1L).status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(merged.confirmed()).isEqualTo(2);
    assertThat(merged.available()).isEqualTo(8);
  }

  @Test
  void with_majority_protection_a_payment_only_the_smaller_side_saw_does_not_undo_the_larger_sides_expiry() {
    // The fault harness: a payment reached the member being cut off (answered 503); the majority expired the order
    // and sold the unit again to the same shopper, who paid. The union would hold both, over the limit of 2.
    Ledger base = before();
    Order unpaid = base.orders().get(1L);
    Ledger smaller = base.apply(LedgerChange.of(unpaid.confirmed("ref", T.plusSeconds(5))));
    Order resold = order(2, "u1", 1, 300, T.plusSeconds(12));
    Ledger larger = base.apply(LedgerChange.of(unpaid.cancelled(CancelReason.EXPIRED, null, T.plusSeconds(10))))
        .apply(LedgerChange.of(resold)).apply(LedgerChange.of(resold.confirmed("ref2", T.plusSeconds(13))));

    Ledger merged = new LedgerMergePolicy.MajorityKeeps().resolve(larger, smaller);

    assertThat(merged.orders().get(1L).status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(merged.orders().get(2L).status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(merged.unitsOf("u1")).as("the shopper's units, as the majority sold them").isEqualTo(1);
    assertThat(merged.version()).isGreaterThan(Math.max(larger.version(), smaller.version()));
    assertThat(LedgerMergePolicy.merge(larger, smaller).unitsOf("u1")).as("the union's rule would have kept both")
        .isEqualTo(3);
  }

  @Test
  void with_majority_protection_an_order_both_sides_hold_keeps_the_larger_sides_copy_even_against_a_payment() {
    Order unpaid = before().orders().get(1L);
    Order expired = unpaid.cancelled(CancelReason.EXPIRED, null, T.plusSeconds(10)).withVersion(3);
    Order paid = unpaid.confirmed("ref", T.plusSeconds(5)).withVersion(3);

    assertThat(LedgerMergePolicy.kept(expired, paid, true)).isSameAs(expired);
    assertThat(LedgerMergePolicy.kept(expired, paid, false)).as("without protection, paid wins").isSameAs(paid);
  }

  @Test
  void a_paid_copy_beats_one_cancelled_on_the_other_side_even_at_a_lower_version() {
    Order pending = before().orders().get(1L);
    Order paid = pending.confirmed("pay-1", T.plusSeconds(5));
    Order expiredLater = pending.withVersion(5).cancelled(CancelReason.EXPIRED, null, T.plusSeconds(9));

    assertThat(LedgerMergePolicy.kept(expiredLater, paid, false)).isSameAs(paid);
    assertThat(LedgerMergePolicy.kept(paid, expiredLater, false)).isSameAs(paid);
  }

  @Test
  void between_copies_neither_paid_the_copy_further_along_its_life_wins() {
    Order pending = before().orders().get(1L);
    Order cancelled = pending.cancelled(CancelReason.USER_CANCELLED, null, T.plusSeconds(3));

    assertThat(LedgerMergePolicy.kept(pending, cancelled, false)).isSameAs(cancelled);
    assertThat(LedgerMergePolicy.kept(cancelled, pending, false)).isSameAs(cancelled);
  }

  @Test
  void at_equal_versions_the_later_change_wins_and_a_full_tie_keeps_this_clusters_copy() {
    Order pending = before().orders().get(1L);
    Order cancelledFirst = pending.cancelled(CancelReason.USER_CANCELLED, null, T.plusSeconds(3));
    Order expiredLater = pending.cancelled(CancelReason.EXPIRED, null, T.plusSeconds(4));
    Order expiredToo = pending.cancelled(CancelReason.EXPIRED, "other-ref", T.plusSeconds(4));

    assertThat(LedgerMergePolicy.kept(cancelledFirst, expiredLater, false)).isSameAs(expiredLater);
    assertThat(LedgerMergePolicy.kept(expiredLater, cancelledFirst, false)).isSameAs(expiredLater);
    assertThat(LedgerMergePolicy.kept(expiredLater, expiredToo, false)).isSameAs(expiredLater);
    assertThat(LedgerMergePolicy.kept(expiredToo, expiredLater, false)).isSameAs(expiredToo);
  }

  @Test
  void an_order_only_one_side_has_is_merged_as_it_is_but_for_its_version() {
    Order onlyThere = order(2, "u2", 1, 300, T.plusSeconds(1));
    Ledger here = before();
    Ledger there = before().apply(LedgerChange.of(onlyThere));

    Ledger merged = LedgerMergePolicy.merge(here, there);

    assertThat(merged.orders().get(2L)).isEqualTo(there.orders().get(2L).withVersion(merged.version()));
    assertThat(merged.orders().get(1L)).isEqualTo(here.orders().get(1L).withVersion(merged.version()));
  }

  @Test
  void the_policy_answers_a_ledger_holding_the_kept_copy_numbered_above_both_sides() {
    Ledger unpaid = before();
    Ledger paid = unpaid.apply(LedgerChange.of(unpaid.orders().get(1L).confirmed("pay-1", T.plusSeconds(5))));

    Object merged = new LedgerMergePolicy().merge(Merging.value(paid), Merging.value(unpaid));

    assertThat(merged).isInstanceOf(Ledger.class);
    Ledger ledger = (Ledger) merged;
    assertThat(ledger.version()).isEqualTo(paid.version() + 1);
    assertThat(ledger.orders().get(1L)).isEqualTo(paid.orders().get(1L).withVersion(paid.version() + 1));
    assertThat(ledger.order(1L).orElseThrow().status()).isEqualTo(OrderStatus.CONFIRMED);
  }

  @Test
  void the_merged_ledger_lists_each_buyers_orders_of_both_sides() {
    Ledger here = before().apply(LedgerChange.of(order(2, "u2", 1, 0, T.plusSeconds(1))));
    Ledger there = before().apply(LedgerChange.of(order(3, "u1", 1, 300, T.plusSeconds(2))));

    Ledger merged = LedgerMergePolicy.merge(here, there);

    assertThat(merged.ordersOf("u1")).extracting(Order::orderId).containsExactly(1L, 3L);
    assertThat(merged.ordersOf("u2")).extracting(Order::orderId).containsExactly(2L);
  }

  @Test
  void a_union_that_promises_more_than_the_stock_expires_the_newest_unpaid_orders_until_it_fits() {
    Ledger base = Ledger.initial(PRODUCT.saleId(), 4, T.minusSeconds(60), T.plusSeconds(3600));
    Ledger here = base.apply(LedgerChange.of(order(1, "u1", 2, 300, T.plusSeconds(1))))
        .apply(LedgerChange.of(order(2, "u2", 2, 0, T.plusSeconds(2))));
    Ledger there = base.apply(LedgerChange.of(order(3, "u3", 2, 300, T.plusSeconds(3))));

    Ledger merged = LedgerMergePolicy.merge(here, there);

    assertThat(merged.orders().get(3L).cancelReason()).as("the newest unpaid order").isEqualTo(CancelReason.EXPIRED);
    assertThat(merged.orders().get(1L).status()).isEqualTo(OrderStatus.PENDING);
    assertThat(merged.available()).isZero();
    assertThat(merged.pending() + merged.confirmed()).isEqualTo(4);
  }

  @Test
  void paid_orders_beyond_the_stock_keep_this_sides_ledger_rather_than_break_the_invariant() {
    Ledger base = Ledger.initial(PRODUCT.saleId(), 2, T.minusSeconds(60), T.plusSeconds(3600));
    Ledger here = base.apply(LedgerChange.of(order(1, "u1", 2, 0, T)));
    Ledger there = base.apply(LedgerChange.of(order(2, "u2", 2, 0, T)));

    assertThat(LedgerMergePolicy.merge(here, there)).isSameAs(here);
  }

  @Test
  void the_policy_answers_the_merged_ledger_and_equal_sides_merge_as_they_are() {
    Ledger here = before();
    Ledger there = before().apply(LedgerChange.of(order(2, "u2", 1, 0, T)));

    assertThat(new LedgerMergePolicy().merge(Merging.value(there), Merging.value(here))).isInstanceOf(Ledger.class);
    assertThat(new LedgerMergePolicy().merge(Merging.value(here), Merging.value(here))).isSameAs(here);
  }

  @Test
  void a_merged_ledger_keeps_the_waiting_room_and_every_ticket_of_both_sides() {
    WaitingRoom room = new WaitingRoom(10, 60);
    Ledger base = Ledger.initial(PRODUCT.saleId(), 4, T.minusSeconds(60), T.plusSeconds(3600), room)
        .apply(LedgerChange.ofTickets(List.of(Ticket.waiting(1, "a", "u1", 1, 1_000))));
    Ledger here = base.apply(LedgerChange.ofTickets(List.of(base.room().ticket(1).admitted("s", 2_000, 60))));
    Ledger there = base.apply(LedgerChange.ofTickets(List.of(Ticket.waiting(2, "b", "u2", 1, 1_500))));

    Ledger merged = LedgerMergePolicy.merge(here, there);

    assertThat(merged.roomConfig()).isEqualTo(room);
    assertThat(merged.room().ticket(1).status()).as("this side's copy of a ticket both have").isEqualTo(TicketStatus.ADMITTED);
    assertThat(merged.room().ticket(2).userId()).as("a ticket only the other side issued").isEqualTo("u2");
    assertThat(merged.ticketsChangedAfter(Math.max(here.version(), there.version()))).as("all rewritten").hasSize(2);
  }
}
