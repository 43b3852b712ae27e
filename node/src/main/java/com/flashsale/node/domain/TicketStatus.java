package com.flashsale.node.domain;

/** Where a waiting-room ticket is in its life; WAITING and ADMITTED are live, the others final. */
public enum TicketStatus {
  WAITING,
  ADMITTED,
  USED,
  EXPIRED,
  SOLD_OUT;

  /** Whether the ticket still stands in the queue or holds an admission: a user has at most one per product. */
  public boolean isLive() {
    return this == WAITING || this == ADMITTED;
  }
}
