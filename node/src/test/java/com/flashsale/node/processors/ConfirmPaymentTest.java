package com.flashsale.node.processors;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;

class ConfirmPaymentTest extends OrderTransitionContract {

  @Override
  OrderTransition transitionAt(long now) {
    return new ConfirmPayment("pay-ok", now);
  }

  @Override
  void assertMovedFrom(Order pending, Order moved) {
    assertThat(moved.status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(moved.cancelReason()).isNull();
    assertThat(moved.paymentRef()).isEqualTo("pay-ok");
  }

  @Override
  Order alreadyMoved(Order pending) {
    return pending.confirmed("pay-ok", Orders.PLACED.plusSeconds(1));
  }

  @Override
  Order movedElsewhere(Order pending) {
    return pending.cancelled(CancelReason.PAYMENT_FAILED, "pay-ko", Orders.PLACED.plusSeconds(1));
  }
}
