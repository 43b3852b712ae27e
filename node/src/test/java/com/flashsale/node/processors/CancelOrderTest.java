package com.flashsale.node.processors;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;

class CancelOrderTest extends OrderTransitionContract {

  @Override
  OrderTransition transitionAt(long now) {
    return new CancelOrder(now);
  }

  @Override
  void assertMovedFrom(Order pending, Order moved) {
    assertThat(moved.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(moved.cancelReason()).isEqualTo(CancelReason.USER_CANCELLED);
    assertThat(moved.paymentRef()).isNull();
  }

  @Override
  Order alreadyMoved(Order pending) {
    return pending.cancelled(CancelReason.USER_CANCELLED, null, Orders.PLACED.plusSeconds(1));
  }

  @Override
  Order movedElsewhere(Order pending) {
    return pending.confirmed("pay-ok", Orders.PLACED.plusSeconds(1));
  }
}
