package com.flashsale.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HoldingTest {

  @Test
  void an_empty_holding_holds_nothing() {
    assertThat(Holding.empty().held()).isZero();
    assertThat(Holding.empty().isEmpty()).isTrue();
  }

  @Test
  void reserving_adds_the_orders_share_to_what_the_user_holds() {
    Holding holding = Holding.empty().reserve(1, 2, 100).reserve(2, 1, 200);

    assertThat(holding.held()).isEqualTo(3);
    assertThat(holding.order(1)).contains(new HeldOrder(1, 2, 100));
    assertThat(holding.order(2)).contains(new HeldOrder(2, 1, 200));
    assertThat(holding.version()).isEqualTo(2);
  }

  @Test
  void releasing_removes_only_that_orders_share() {
    Holding holding = Holding.empty().reserve(1, 2, 100).reserve(2, 1, 200);

    Holding released = holding.release(1);

    assertThat(released.held()).isEqualTo(1);
    assertThat(released.order(1)).isEmpty();
    assertThat(released.order(2)).isPresent();
  }

  @Test
  void releasing_an_order_that_holds_nothing_returns_the_same_holding() {
    Holding holding = Holding.empty().reserve(1, 2, 100);

    assertThat(holding.release(99)).isSameAs(holding);
    Holding released = holding.release(1);
    assertThat(released.release(1)).isSameAs(released);
    assertThat(released.isEmpty()).isTrue();
  }

  @Test
  void the_orders_list_cannot_be_changed_from_outside() {
    java.util.List<HeldOrder> list = new java.util.ArrayList<>();
    list.add(new HeldOrder(1, 1, 0));
    Holding holding = new Holding(list, 1);
    list.add(new HeldOrder(2, 1, 0));

    assertThat(holding.held()).isEqualTo(1);
  }
}
