package com.flashsale.node.domain;

/** Why an order was cancelled; present exactly when the status is {@code CANCELLED}. */
public enum CancelReason {
  USER_CANCELLED,
  PAYMENT_FAILED,
  EXPIRED
}
