package com.flashsale.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.flashsale.node.member.GridSerialization;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.compact.InMemorySchemaService;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerTest {

  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");
  private static final ProductKey PRODUCT = new ProductKey("s1", "p1");

  private static Order pending(long orderId, String user, int quantity) {
    return Order.placed(orderId, PRODUCT, user, quantity, new BigDecimal("9.99"), "EUR", 300, T, null, null);
  }

  private static Order confirmedAtOnce(long orderId, String user, int quantity) {
    return Order.placed(orderId, PRODUCT, user, quantity, new BigDecimal("9.99"), "EUR", 0, T, null, null);
  }

  private static Ledger open(int units) {
    return Ledger.initial(PRODUCT.saleId(), units, T.minusSeconds(60), T.plusSeconds(3600));
  }

  @Test
  void a_new_ledger_has_every_unit_available_and_no_order() {
    Ledger ledger = open(10);

    assertThat(ledger.available()).isEqualTo(10);
    assertThat(ledger.pending()).isZero();
    assertThat(ledger.confirmed()).isZero();
    assertThat(ledger.orders()).isEmpty();
    assertThat(ledger.nextDeadline()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void the_orders_of_a_ledger_share_one_copy_of_what_they_have_in_common() {
    Order first = pending(1, "u1", 1);
    Order second = Order.placed(2, new ProductKey(new String("s1"), new String("p1")), "u2", 1, new BigDecimal("9.99"),
        new String("EUR"), 300, T, null, null);

    Ledger ledger = open(10).apply(LedgerChange.of(first)).apply(LedgerChange.of(second));

    Order kept = ledger.order(2).orElseThrow();
    assertThat(kept).usingRecursiveComparison().ignoringFields("version").isEqualTo(second);
    assertThat(kept.saleId()).isSameAs(first.saleId());
    assertThat(kept.productId()).isSameAs(first.productId());
    assertThat(kept.unitPrice()).isSameAs(ledger.order(1).orElseThrow().unitPrice());
    assertThat(kept.currency()).isSameAs(first.currency());
    assertThat(kept.updatedAt()).isSameAs(kept.createdAt());
  }

  @Test
  void the_ledger_counts_its_orders_by_status_as_they_move_and_a_reload_counts_the_same() {
    Ledger ledger = open(10).apply(LedgerChange.of(List.of(pending(1, "u1", 3), pending(2, "u2", 1), confirmedAtOnce(3, "u3", 2))));
    Order paid = ledger.order(1).orElseThrow().confirmed("pay-1", T.plusSeconds(5));
    Order cancelled = ledger.order(2).orElseThrow().cancelled(CancelReason.USER_CANCELLED, null, T.plusSeconds(6));
    ledger = ledger.apply(LedgerChange.of(List.of(paid, cancelled)));

    assertThat(ledger.counts()).isEqualTo(new OrderCounts(0, 2, 1, 1, new BigDecimal("49.95"), "EUR"));
    assertThat(Ledger.of(ledger.saleId(), ledger.total(), ledger.opensAt(), ledger.closesAt(), ledger.version(),
        ledger.orders().values()).counts()).as("rebuilt from the orders, as the loader and the serializer do")
        .isEqualTo(ledger.counts());
  }

  @Test
  void placing_an_unpaid_order_moves_its_units_to_pending_and_counts_them_for_its_user() {
    Ledger ledger = open(10).apply(LedgerChange.of(pending(1, "u1", 3)));

    assertThat(ledger.available()).isEqualTo(7);
    assertThat(ledger.pending()).isEqualTo(3);
    assertThat(ledger.unitsOf("u1")).isEqualTo(3);
    assertThat(ledger.unitsOf("u2")).isZero();
    assertThat(ledger.nextDeadline()).isEqualTo(T.plusSeconds(300).toEpochMilli());
    assertThat(ledger.version()).isEqualTo(2);
    assertThat(ledger.orders().get(1L).version()).as("the order is numbered by the change that wrote it").isEqualTo(2);
  }

  @Test
  void an_order_confirmed_at_once_moves_its_units_straight_to_confirmed() {
    Ledger ledger = open(10).apply(LedgerChange.of(confirmedAtOnce(1, "u1", 2)));

    assertThat(ledger.available()).isEqualTo(8);
    assertThat(ledger.pending()).isZero();
    assertThat(ledger.confirmed()).isEqualTo(2);
    assertThat(ledger.unitsOf("u1")).isEqualTo(2);
    assertThat(ledger.nextDeadline()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void paying_moves_the_units_from_pending_to_confirmed_and_keeps_them_counted_for_the_user() {
    Ledger placed = open(10).apply(LedgerChange.of(pending(1, "u1", 3)));
    Ledger paid = placed.apply(LedgerChange.of(placed.orders().get(1L).confirmed("ref", T.plusSeconds(5))));

    assertThat(paid.available()).isEqualTo(7);
    assertThat(paid.pending()).isZero();
    assertThat(paid.confirmed()).isEqualTo(3);
    assertThat(paid.unitsOf("u1")).isEqualTo(3);
    assertThat(paid.nextDeadline()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void cancelling_returns_the_units_to_available_and_frees_the_users_limit_in_the_same_change() {
    Ledger placed = open(10).apply(LedgerChange.of(pending(1, "u1", 3)));
    Ledger cancelled = placed.apply(LedgerChange.of(
        placed.orders().get(1L).cancelled(CancelReason.USER_CANCELLED, null, T.plusSeconds(5))));

    assertThat(cancelled.available()).isEqualTo(10);
    assertThat(cancelled.pending()).isZero();
    assertThat(cancelled.unitsOf("u1")).isZero();
    assertThat(cancelled.ordersOf("u1")).as("the cancelled order is still the user's").extracting(Order::orderId)
        .containsExactly(1L);
    assertThat(cancelled.orders().get(1L).status()).isEqualTo(OrderStatus.CANCELLED);
  }

  @Test
  void writing_an_order_again_as_it_stands_moves_no_unit() {
    Ledger placed = open(10).apply(LedgerChange.of(pending(1, "u1", 3)));
    Ledger again = placed.apply(LedgerChange.of(placed.orders().get(1L)));

    assertThat(again.available()).isEqualTo(7);
    assertThat(again.pending()).isEqualTo(3);
    assertThat(again.unitsOf("u1")).isEqualTo(3);
  }

  @Test
  void a_change_that_would_oversell_is_refused_and_the_ledger_is_unchanged() {
    Ledger ledger = open(2);

    assertThatThrownBy(() -> ledger.apply(LedgerChange.of(pending(1, "u1", 3))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("invariant");
    assertThat(ledger.available()).isEqualTo(2);
  }

  @Test
  void due_orders_are_found_earliest_first_without_looking_at_the_others() {
    Ledger ledger = open(100);
    for (int i = 1; i <= 50; i++) {
      Order order = Order.placed(i, PRODUCT, "u" + i, 1, BigDecimal.ONE, "EUR", 300 + i, T, null, null);
      ledger = ledger.apply(LedgerChange.of(order));
    }

    List<Order> due = ledger.dueAt(T.plusSeconds(303).toEpochMilli(), Integer.MAX_VALUE);

    assertThat(due).extracting(Order::orderId).containsExactly(1L, 2L, 3L);
    assertThat(ledger.nextDeadline()).isEqualTo(T.plusSeconds(301).toEpochMilli());
  }

  @Test
  void the_orders_changed_after_a_version_are_exactly_those_the_store_still_owes() {
    Ledger v2 = open(10).apply(LedgerChange.of(pending(1, "u1", 1)));
    Ledger v3 = v2.apply(LedgerChange.of(pending(2, "u2", 1)));
    Ledger v4 = v3.apply(LedgerChange.of(v3.orders().get(1L).confirmed("ref", T.plusSeconds(1))));

    assertThat(v4.changedAfter(0)).extracting(Order::orderId).containsExactly(2L, 1L);
    assertThat(v4.changedAfter(2)).extracting(Order::orderId).containsExactly(2L, 1L);
    assertThat(v4.changedAfter(3)).extracting(Order::orderId).containsExactly(1L);
    assertThat(v4.changedAfter(4)).isEmpty();
  }

  @Test
  void a_ledger_rebuilt_from_its_orders_equals_the_one_that_made_them() {
    Ledger ledger = open(10);
    ledger = ledger.apply(LedgerChange.of(pending(1, "u1", 2)));
    ledger = ledger.apply(LedgerChange.of(confirmedAtOnce(2, "u2", 1)));
    ledger = ledger.apply(LedgerChange.of(pending(3, "u3", 1)));
    ledger = ledger.apply(LedgerChange.of(ledger.orders().get(3L).cancelled(CancelReason.EXPIRED, null, T)));

    Ledger rebuilt = Ledger.of(ledger.saleId(), ledger.total(), ledger.opensAt(), ledger.closesAt(), ledger.version(),
        new ArrayList<>(ledger.orders().values()));

    assertThat(rebuilt).isEqualTo(ledger);
  }

  @Test
  void a_users_orders_are_listed_in_every_status_by_order_id_and_only_theirs() {
    Ledger ledger = open(20).apply(LedgerChange.of(List.of(pending(9, "u1", 1), confirmedAtOnce(5, "u1", 1),
        pending(7, "u1", 2), pending(3, "u10", 1), pending(4, "u", 1), pending(8, "u2", 1))));
    ledger = ledger.apply(LedgerChange.of(ledger.order(7).orElseThrow().cancelled(CancelReason.USER_CANCELLED, null, T)));
    ledger = ledger.apply(LedgerChange.of(ledger.order(9).orElseThrow().confirmed("pay-9", T)));

    List<Order> ofU1 = ledger.ordersOf("u1");

    assertThat(ofU1).extracting(Order::orderId).containsExactly(5L, 7L, 9L);
    assertThat(ofU1).extracting(Order::status)
        .containsExactly(OrderStatus.CONFIRMED, OrderStatus.CANCELLED, OrderStatus.CONFIRMED);
    assertThat(ofU1).as("as the ledger holds them now").containsExactly(ledger.order(5).orElseThrow(),
        ledger.order(7).orElseThrow(), ledger.order(9).orElseThrow());
    assertThat(ledger.ordersOf("u")).extracting(Order::orderId).containsExactly(4L);
    assertThat(ledger.ordersOf("u10")).extracting(Order::orderId).containsExactly(3L);
    assertThat(ledger.ordersOf("nobody")).isEmpty();
    assertThat(ledger.boughtBy("u1")).isTrue();
    assertThat(ledger.boughtBy("u3")).as("no order of its own, whatever other ids look like").isFalse();
    assertThat(ledger.boughtBy("nobody")).isFalse();
    assertThat(ledger.unitsOf("u1")).as("the two confirmed orders; the cancelled one holds nothing").isEqualTo(2);
    assertThat(ledger.unitsOf("u2")).isEqualTo(1);
  }

  @Test
  void a_ledger_rebuilt_from_its_orders_or_read_back_by_its_serializer_lists_each_users_orders_as_before() {
    Ledger ledger = open(10).apply(LedgerChange.of(List.of(pending(1, "u1", 1), pending(2, "u2", 1),
        confirmedAtOnce(3, "u1", 1))));
    ledger = ledger.apply(LedgerChange.of(ledger.order(1).orElseThrow().cancelled(CancelReason.EXPIRED, null, T)));

    Ledger rebuilt = Ledger.of(ledger.saleId(), ledger.total(), ledger.opensAt(), ledger.closesAt(), ledger.version(),
        new ArrayList<>(ledger.orders().values()));
    Ledger readBack = roundTrip(ledger);

    for (Ledger copy : List.of(rebuilt, readBack)) {
      assertThat(copy.ordersOf("u1")).isEqualTo(ledger.ordersOf("u1")).extracting(Order::orderId).containsExactly(1L, 3L);
      assertThat(copy.ordersOf("u2")).isEqualTo(ledger.ordersOf("u2")).hasSize(1);
      assertThat(copy.buyers()).isEqualTo(ledger.buyers());
    }
  }

  /** The ledger through its Compact serializer, as a backup or a migration ships it. */
  private static Ledger roundTrip(Ledger ledger) {
    SerializationConfig config = GridSerialization.register(new SerializationConfig());
    InternalSerializationService serialization = new DefaultSerializationServiceBuilder().setConfig(config)
        .setSchemaService(new InMemorySchemaService()).build();
    try {
      return serialization.toObject(serialization.toData(ledger));
    } finally {
      serialization.dispose();
    }
  }

  @Test
  void closing_the_window_never_reopens_it() {
    Ledger closed = open(10).apply(LedgerChange.closedAt(T.toEpochMilli()));
    Ledger again = closed.apply(LedgerChange.closedAt(T.plusSeconds(60).toEpochMilli()));

    assertThat(again.closesAt()).isEqualTo(T.toEpochMilli());
    assertThat(again.statusAt(T.toEpochMilli())).isEqualTo(SaleStatus.ENDED);
  }
}
