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

class ExpireOrderTest {

  @Test
  void a_pending_order_past_its_window_becomes_cancelled_expired_and_is_backed_up() {
    Order pending = Orders.pending(5);
    Map.Entry<Long, Order> entry = entry(5L, pending);
    ExpireOrder expire = new ExpireOrder(Orders.AFTER_WINDOW);

    OrderChange change = expire.process(entry);

    assertThat(change.outcome()).isEqualTo(OrderChange.Outcome.APPLIED);
    assertThat(entry.getValue().status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(entry.getValue().cancelReason()).isEqualTo(CancelReason.EXPIRED);
    assertThat(entry.getValue().expiresAt()).isNull();
    assertThat(change.order()).isEqualTo(entry.getValue());
    assertBackupCopies(expire, entry, pending);
  }

  @Test
  void a_pending_order_inside_its_window_is_not_due_and_stays_pending() {
    Order pending = Orders.pending(5);
    Map.Entry<Long, Order> entry = entry(5L, pending);
    ExpireOrder expire = new ExpireOrder(Orders.DURING_WINDOW);

    assertThat(expire.process(entry)).isEqualTo(OrderChange.of(OrderChange.Outcome.NOT_DUE, pending));
    assertThat(entry.getValue()).isSameAs(pending);
    assertNoBackup(expire);
  }

  @Test
  void expiring_an_expired_order_again_answers_already_applied() {
    Order expired = Orders.pending(5).cancelled(CancelReason.EXPIRED, null, Orders.PLACED.plusSeconds(60));
    Map.Entry<Long, Order> entry = entry(5L, expired);
    ExpireOrder expire = new ExpireOrder(Orders.AFTER_WINDOW + 1_000);

    assertThat(expire.process(entry)).isEqualTo(OrderChange.of(OrderChange.Outcome.ALREADY_APPLIED, expired));
    assertNoBackup(expire);
  }

  @Test
  void a_confirmed_or_otherwise_cancelled_order_never_expires() {
    Order confirmed = Orders.pending(5).confirmed("pay", Orders.PLACED.plusSeconds(1));
    Order cancelled = Orders.pending(6).cancelled(CancelReason.USER_CANCELLED, null, Orders.PLACED.plusSeconds(1));
    ExpireOrder expireConfirmed = new ExpireOrder(Orders.AFTER_WINDOW);
    ExpireOrder expireCancelled = new ExpireOrder(Orders.AFTER_WINDOW);

    assertThat(expireConfirmed.process(entry(5L, confirmed)).outcome()).isEqualTo(OrderChange.Outcome.NOT_PENDING);
    assertThat(expireCancelled.process(entry(6L, cancelled)).outcome()).isEqualTo(OrderChange.Outcome.NOT_PENDING);
    assertNoBackup(expireConfirmed);
    assertNoBackup(expireCancelled);
  }

  @Test
  void expiring_a_missing_or_voided_order_answers_not_found() {
    ExpireOrder missing = new ExpireOrder(Orders.AFTER_WINDOW);
    ExpireOrder voided = new ExpireOrder(Orders.AFTER_WINDOW);

    assertThat(missing.process(entry(5L, null)).outcome()).isEqualTo(OrderChange.Outcome.NOT_FOUND);
    assertThat(voided.process(entry(5L, Order.voided(5, Orders.PLACED))).outcome()).isEqualTo(OrderChange.Outcome.NOT_FOUND);
    assertNoBackup(missing);
    assertNoBackup(voided);
  }
}
