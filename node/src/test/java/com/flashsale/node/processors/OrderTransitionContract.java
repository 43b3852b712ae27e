package com.flashsale.node.processors;

import static com.flashsale.node.processors.Replicas.assertBackupCopies;
import static com.flashsale.node.processors.Replicas.assertNoBackup;
import static com.flashsale.node.processors.Replicas.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every shopper transition out of PENDING (pay, fail, cancel) must do; each processor's test class
 * says where it leads and which states count as "already there".
 */
abstract class OrderTransitionContract {

  /** The transition under test, as asked at {@code now}. */
  abstract OrderTransition transitionAt(long now);

  /** Checks that {@code moved} is where the transition leads from {@code pending}. */
  abstract void assertMovedFrom(Order pending, Order moved);

  /** The order as this transition leaves it: repeating the call answers ALREADY_APPLIED. */
  abstract Order alreadyMoved(Order pending);

  /** An order moved out of PENDING by another transition: this one answers NOT_PENDING. */
  abstract Order movedElsewhere(Order pending);

  @Test
  void a_pending_order_inside_its_window_moves_and_the_move_is_backed_up() {
    Order pending = Orders.pending(5);
    Map.Entry<Long, Order> entry = entry(5L, pending);
    OrderTransition transition = transitionAt(Orders.DURING_WINDOW);

    OrderChange change = transition.process(entry);

    assertThat(change.outcome()).isEqualTo(OrderChange.Outcome.APPLIED);
    assertThat(change.order()).isEqualTo(entry.getValue());
    assertMovedFrom(pending, entry.getValue());
    assertThat(entry.getValue().expiresAt()).isNull();
    assertThat(entry.getValue().updatedAt().toEpochMilli()).isEqualTo(Orders.DURING_WINDOW);
    assertThat(entry.getValue().version()).isEqualTo(pending.version() + 1);
    assertBackupCopies(transition, entry, pending);
  }

  @Test
  void a_pending_order_past_its_window_is_expired_instead_and_the_expiry_is_backed_up() {
    Order pending = Orders.pending(5);
    Map.Entry<Long, Order> entry = entry(5L, pending);
    OrderTransition transition = transitionAt(Orders.AFTER_WINDOW);

    OrderChange change = transition.process(entry);

    assertThat(change.outcome()).isEqualTo(OrderChange.Outcome.EXPIRED);
    assertThat(entry.getValue().status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(entry.getValue().cancelReason()).isEqualTo(CancelReason.EXPIRED);
    assertThat(change.order()).isEqualTo(entry.getValue());
    assertBackupCopies(transition, entry, pending);
  }

  @Test
  void repeating_the_call_that_took_effect_answers_already_applied_with_the_same_order() {
    Order moved = alreadyMoved(Orders.pending(5));
    Map.Entry<Long, Order> entry = entry(5L, moved);
    OrderTransition transition = transitionAt(Orders.DURING_WINDOW);

    assertThat(transition.process(entry)).isEqualTo(OrderChange.of(OrderChange.Outcome.ALREADY_APPLIED, moved));
    assertThat(entry.getValue()).isSameAs(moved);
    assertNoBackup(transition);
  }

  @Test
  void an_order_no_longer_pending_for_another_reason_is_rejected_as_not_pending() {
    Order elsewhere = movedElsewhere(Orders.pending(5));
    Map.Entry<Long, Order> entry = entry(5L, elsewhere);
    OrderTransition transition = transitionAt(Orders.DURING_WINDOW);

    assertThat(transition.process(entry)).isEqualTo(OrderChange.of(OrderChange.Outcome.NOT_PENDING, elsewhere));
    assertThat(entry.getValue()).isSameAs(elsewhere);
    assertNoBackup(transition);
  }

  @Test
  void an_expired_order_is_rejected_as_not_pending() {
    Order expired = Orders.pending(5).cancelled(CancelReason.EXPIRED, null, Orders.PLACED.plusSeconds(60));
    Map.Entry<Long, Order> entry = entry(5L, expired);
    OrderTransition transition = transitionAt(Orders.AFTER_WINDOW + 1_000);

    assertThat(transition.process(entry).outcome()).isEqualTo(OrderChange.Outcome.NOT_PENDING);
    assertThat(entry.getValue()).isSameAs(expired);
    assertNoBackup(transition);
  }

  @Test
  void a_missing_or_voided_order_is_not_found() {
    OrderTransition onMissing = transitionAt(Orders.DURING_WINDOW);
    OrderTransition onVoided = transitionAt(Orders.DURING_WINDOW);
    Map.Entry<Long, Order> voided = entry(5L, Order.voided(5, Orders.PLACED));

    assertThat(onMissing.process(entry(5L, null)).outcome()).isEqualTo(OrderChange.Outcome.NOT_FOUND);
    assertThat(onVoided.process(voided).outcome()).isEqualTo(OrderChange.Outcome.NOT_FOUND);
    assertThat(voided.getValue().status()).isEqualTo(OrderStatus.VOIDED);
    assertNoBackup(onMissing);
    assertNoBackup(onVoided);
  }
}
