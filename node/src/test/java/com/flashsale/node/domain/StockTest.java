package com.flashsale.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StockTest {

  private static final Instant OPENS = Instant.parse("2026-11-21T10:00:00Z");
  private static final Instant CLOSES = Instant.parse("2026-11-21T12:00:00Z");

  private final Stock initial = Stock.initial(10, OPENS, CLOSES);

  @Test
  void initial_stock_has_every_unit_available_and_nothing_held_or_confirmed() {
    assertThat(initial.total()).isEqualTo(10);
    assertThat(initial.available()).isEqualTo(10);
    assertThat(initial.confirmed()).isZero();
    assertThat(initial.holds()).isEmpty();
    assertThat(initial.nextDeadline()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void the_constructor_rejects_figures_that_do_not_add_up_to_the_total() {
    List<Hold> oneHeld = List.of(new Hold(1, "u1", 1, 0));
    assertThatThrownBy(() -> new Stock(10, 5, 3, oneHeld, 0, 1, 1))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("stock invariant broken");
    assertThatThrownBy(() -> new Stock(10, 11, 0, List.of(), 0, 1, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void the_constructor_rejects_negative_parts_even_when_they_add_up() {
    assertThatThrownBy(() -> new Stock(1, -1, 2, List.of(), 0, 1, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Stock(1, 2, -1, List.of(), 0, 1, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Stock(1, 2, 0, List.of(new Hold(1, "u1", -1, 0)), 0, 1, 1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void taking_moves_units_from_available_into_a_hold_named_by_the_order() {
    Stock taken = initial.take(7, "u1", 3, 5_000);

    assertThat(taken.available()).isEqualTo(7);
    assertThat(taken.pendingUnits()).isEqualTo(3);
    assertThat(taken.hold(7)).contains(new Hold(7, "u1", 3, 5_000));
    assertThat(taken.version()).isEqualTo(initial.version() + 1);
  }

  @Test
  void taking_more_than_available_or_less_than_one_unit_is_refused() {
    assertThatThrownBy(() -> initial.take(1, "u1", 11, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> initial.take(1, "u1", 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void taking_again_for_an_order_that_already_holds_units_changes_nothing() {
    Stock once = initial.take(7, "u1", 2, 5_000);

    assertThat(once.take(7, "u1", 2, 5_000)).isEqualTo(once);
  }

  @Test
  void confirming_moves_the_orders_held_units_to_confirmed_once() {
    Stock taken = initial.take(7, "u1", 3, 5_000);

    Stock confirmed = taken.confirm(7);

    assertThat(confirmed.confirmed()).isEqualTo(3);
    assertThat(confirmed.available()).isEqualTo(7);
    assertThat(confirmed.holds()).isEmpty();
    assertThat(confirmed.confirm(7)).isSameAs(confirmed);
    assertThat(confirmed.release(7)).isSameAs(confirmed);
  }

  @Test
  void releasing_returns_the_orders_held_units_to_available_once() {
    Stock taken = initial.take(7, "u1", 3, 5_000).take(8, "u2", 2, 6_000);

    Stock released = taken.release(7);

    assertThat(released.available()).isEqualTo(8);
    assertThat(released.holds()).containsExactly(new Hold(8, "u2", 2, 6_000));
    assertThat(released.release(7)).isSameAs(released);
    assertThat(released.confirm(7)).isSameAs(released);
  }

  @Test
  void settling_an_order_that_holds_nothing_returns_the_same_value() {
    assertThat(initial.confirm(99)).isSameAs(initial);
    assertThat(initial.release(99)).isSameAs(initial);
  }

  @Test
  void the_next_deadline_is_the_earliest_hold_deadline() {
    Stock taken = initial.take(1, "u1", 1, 9_000).take(2, "u2", 1, 4_000).take(3, "u3", 1, 7_000);

    assertThat(taken.nextDeadline()).isEqualTo(4_000);
    assertThat(taken.release(2).nextDeadline()).isEqualTo(7_000);
  }

  @Test
  void the_window_is_upcoming_then_active_then_ended() {
    assertThat(initial.statusAt(OPENS.toEpochMilli() - 1)).isEqualTo(SaleStatus.UPCOMING);
    assertThat(initial.statusAt(OPENS.toEpochMilli())).isEqualTo(SaleStatus.ACTIVE);
    assertThat(initial.statusAt(CLOSES.toEpochMilli() - 1)).isEqualTo(SaleStatus.ACTIVE);
    assertThat(initial.statusAt(CLOSES.toEpochMilli())).isEqualTo(SaleStatus.ENDED);
  }

  @Test
  void closing_the_window_early_ends_the_sale_from_that_instant() {
    long early = OPENS.toEpochMilli() + 60_000;

    Stock closed = initial.closedAt(early);

    assertThat(closed.closesAt()).isEqualTo(early);
    assertThat(closed.statusAt(early)).isEqualTo(SaleStatus.ENDED);
    assertThat(closed.statusAt(early - 1)).isEqualTo(SaleStatus.ACTIVE);
  }

  @Test
  void a_closed_window_never_reopens() {
    long early = OPENS.toEpochMilli() + 60_000;
    Stock closed = initial.closedAt(early);

    assertThat(closed.closedAt(early + 1)).isSameAs(closed);
    assertThat(closed.closedAt(CLOSES.toEpochMilli() + 1)).isSameAs(closed);
    assertThat(initial.closedAt(CLOSES.toEpochMilli())).isSameAs(initial);
  }
}
