package com.flashsale.node.service;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.SaleStatus;

/**
 * How a placement ended: an order (new or replayed), or the rejection with the figures the contract puts
 * in its error body. The edge maps {@link Outcome} to a status code in one place.
 */
public record Placement(Outcome outcome, Order order, SaleStatus saleStatus, int available, int limit, int held) {

  /** Every way a placement can end. */
  public enum Outcome {
    CREATED,
    REPLAYED,
    SALE_NOT_FOUND,
    PRODUCT_NOT_FOUND,
    SALE_NOT_ACTIVE,
    SOLD_OUT,
    INSUFFICIENT_STOCK,
    LIMIT_EXCEEDED,
    IDEMPOTENCY_KEY_REUSED,
    UNAVAILABLE
  }

  public static Placement created(Order order) {
    return new Placement(Outcome.CREATED, order, null, 0, 0, 0);
  }

  public static Placement replayed(Order order) {
    return new Placement(Outcome.REPLAYED, order, null, 0, 0, 0);
  }

  public static Placement rejected(Outcome outcome) {
    return new Placement(outcome, null, null, 0, 0, 0);
  }

  public static Placement saleNotActive(SaleStatus status) {
    return new Placement(Outcome.SALE_NOT_ACTIVE, null, status, 0, 0, 0);
  }

  public static Placement insufficientStock(int available) {
    return new Placement(Outcome.INSUFFICIENT_STOCK, null, null, available, 0, 0);
  }

  public static Placement limitExceeded(int limit, int held) {
    return new Placement(Outcome.LIMIT_EXCEEDED, null, null, 0, limit, held);
  }

  /** Whether an order exists because of this placement (so its idempotency key must stay bound). */
  public boolean hasOrder() {
    return order != null;
  }
}
