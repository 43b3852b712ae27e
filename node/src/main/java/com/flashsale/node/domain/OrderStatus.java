package com.flashsale.node.domain;

/** The life of an order: PENDING until paid, cancelled or expired; CONFIRMED and CANCELLED are final. */
public enum OrderStatus {
  PENDING,
  CONFIRMED,
  CANCELLED;

  /** Whether the units of an order in this status are still held. */
  public boolean holdsUnits() {
    return this == PENDING || this == CONFIRMED;
  }
}
