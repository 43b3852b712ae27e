package com.flashsale.node.domain;

/**
 * The life of an order. {@code VOIDED} is internal: a tombstone written by repair for an order id
 * whose placement never finished, so a late write of that order cannot succeed. Shoppers never see it.
 */
public enum OrderStatus {
  PENDING,
  CONFIRMED,
  CANCELLED,
  VOIDED;

  /** Whether units and allowance of an order in this status are still held. */
  public boolean holdsUnits() {
    return this == PENDING || this == CONFIRMED;
  }
}
