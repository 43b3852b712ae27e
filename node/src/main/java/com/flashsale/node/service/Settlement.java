package com.flashsale.node.service;

import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.processors.ConfirmUnits;
import com.flashsale.node.processors.ReleaseAllowance;
import com.flashsale.node.processors.ReleaseUnits;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Brings a product's stock and a user's allowance in line with an order's status, after the order entry
 * changed. The order is always changed first: a crash before settling leaves units or allowance held by a
 * settled order (fail closed), which the sweeper settles later. Every step is idempotent by order id, so
 * settling again (a repeated call, the sweeper, a retried operation) never moves units twice.
 */
public final class Settlement {

  private final Grid grid;
  private final Continuations on;

  public Settlement(Grid grid) {
    this(grid, Continuations.none());
  }

  public Settlement(Grid grid, Continuations on) {
    this.grid = grid;
    this.on = on;
  }

  public CompletionStage<Void> settle(Order order) {
    return settle(order.productKey(), order.userId(), order.orderId(), order.status());
  }

  /** Settles the order's holds in {@code product}; the keys come from the hold when the order is a tombstone. */
  public CompletionStage<Void> settle(ProductKey product, String userId, long orderId, OrderStatus status) {
    switch (status) {
      case CONFIRMED:
        return on.of(grid.stock().submitToKey(product, new ConfirmUnits(orderId))).thenAccept(moved -> { });
      case CANCELLED:
      case VOIDED:
        return release(product, userId, orderId);
      default:
        return CompletableFuture.completedFuture(null);
    }
  }

  /** Returns the order's units and its share of the user's allowance. */
  public CompletionStage<Void> release(ProductKey product, String userId, long orderId) {
    CompletionStage<?> units = on.of(grid.stock().submitToKey(product, new ReleaseUnits(orderId)));
    CompletionStage<?> allowance = releaseAllowance(
        new HoldingKey(product.saleId(), product.productId(), userId), orderId);
    return units.thenCombine(allowance, (unitsMoved, allowanceMoved) -> null);
  }

  public CompletionStage<Void> releaseAllowance(HoldingKey holding, long orderId) {
    return on.of(grid.holdings().submitToKey(holding, new ReleaseAllowance(orderId))).thenAccept(moved -> { });
  }
}
