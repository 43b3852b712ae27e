package com.flashsale.node.processors;

import static com.flashsale.node.processors.Replicas.assertBackupCopies;
import static com.flashsale.node.processors.Replicas.assertNoBackup;
import static com.flashsale.node.processors.Replicas.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Order;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreateOrderTest {

  @Test
  void creating_an_order_for_a_new_id_stores_it_and_backs_it_up() {
    Order order = Orders.pending(5);
    Map.Entry<Long, Order> entry = entry(5L, null);
    CreateOrder create = new CreateOrder(order);

    assertThat(create.process(entry)).isEqualTo(OrderChange.of(OrderChange.Outcome.APPLIED, order));
    assertThat(entry.getValue()).isEqualTo(order);
    assertBackupCopies(create, entry, null);
  }

  @Test
  void creating_an_order_that_exists_returns_the_stored_one_and_overwrites_nothing() {
    Order stored = Orders.pending(5).confirmed("pay", Orders.PLACED.plusSeconds(1));
    Map.Entry<Long, Order> entry = entry(5L, stored);
    CreateOrder replay = new CreateOrder(Orders.pending(5));

    assertThat(replay.process(entry)).isEqualTo(OrderChange.of(OrderChange.Outcome.ALREADY_APPLIED, stored));
    assertThat(entry.getValue()).isSameAs(stored);
    assertNoBackup(replay);
  }

  @Test
  void creating_an_order_whose_id_was_voided_by_repair_fails_and_leaves_the_tombstone() {
    Order tombstone = Order.voided(5, Orders.PLACED);
    Map.Entry<Long, Order> entry = entry(5L, tombstone);
    CreateOrder late = new CreateOrder(Orders.pending(5));

    assertThat(late.process(entry).outcome()).isEqualTo(OrderChange.Outcome.VOIDED);
    assertThat(entry.getValue()).isSameAs(tombstone);
    assertNoBackup(late);
  }
}
