package com.flashsale.node.processors;

import static com.flashsale.node.processors.Replicas.assertBackupCopies;
import static com.flashsale.node.processors.Replicas.assertNoBackup;
import static com.flashsale.node.processors.Replicas.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VoidOrderTest {

  @Test
  void voiding_an_id_without_order_writes_a_tombstone_named_by_the_key_and_backs_it_up() {
    Map.Entry<Long, Order> entry = entry(5L, null);
    VoidOrder fence = new VoidOrder(Orders.DURING_WINDOW);

    OrderChange change = fence.process(entry);

    assertThat(change.outcome()).isEqualTo(OrderChange.Outcome.APPLIED);
    assertThat(entry.getValue().status()).isEqualTo(OrderStatus.VOIDED);
    assertThat(entry.getValue().orderId()).isEqualTo(5L);
    assertThat(change.order()).isEqualTo(entry.getValue());
    assertBackupCopies(fence, entry, null);
  }

  @Test
  void voiding_an_id_that_has_an_order_touches_nothing_and_reports_the_order() {
    Order pending = Orders.pending(5);
    Map.Entry<Long, Order> entry = entry(5L, pending);
    VoidOrder fence = new VoidOrder(Orders.DURING_WINDOW);

    assertThat(fence.process(entry)).isEqualTo(OrderChange.of(OrderChange.Outcome.NOT_PENDING, pending));
    assertThat(entry.getValue()).isSameAs(pending);
    assertNoBackup(fence);
  }

  @Test
  void voiding_twice_keeps_the_first_tombstone() {
    Order tombstone = Order.voided(5, Orders.PLACED);
    Map.Entry<Long, Order> entry = entry(5L, tombstone);
    VoidOrder fence = new VoidOrder(Orders.DURING_WINDOW);

    assertThat(fence.process(entry)).isEqualTo(OrderChange.of(OrderChange.Outcome.ALREADY_APPLIED, tombstone));
    assertThat(entry.getValue()).isSameAs(tombstone);
    assertNoBackup(fence);
  }
}
