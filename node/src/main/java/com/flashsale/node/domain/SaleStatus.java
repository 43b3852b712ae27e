package com.flashsale.node.domain;

/** Where a sale is in its window: before {@code startsAt}, inside it, or from {@code endsAt} (or an operator's end) on. */
public enum SaleStatus {
  UPCOMING,
  ACTIVE,
  ENDED;

  /** The status at {@code now} of a window [opensAt, closesAt), all in epoch milliseconds. */
  public static SaleStatus of(long now, long opensAt, long closesAt) {
    if (now >= closesAt) {
      return ENDED;
    }
    return now < opensAt ? UPCOMING : ACTIVE;
  }
}
