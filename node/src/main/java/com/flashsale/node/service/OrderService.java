package com.flashsale.node.service;

import com.flashsale.node.domain.Order;
import com.flashsale.node.processors.OrderChange;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Placing orders and moving them through their life. Every call completes asynchronously on the
 * service's callback executor, never on a grid thread, so the edge can hand the stage to its server.
 */
public interface OrderService {

  /**
   * Places an order. With an idempotency key, the same key and request return the order the first call
   * created (outcome REPLAYED) and take nothing more; the same key with another request is rejected.
   */
  CompletionStage<Placement> place(PlaceOrderRequest request, String idempotencyKey);

  /** The order, with an overdue PENDING order expired first; empty when there is none. */
  CompletionStage<Optional<Order>> find(long orderId);

  /** Records a payment outcome: SUCCEEDED confirms, FAILED cancels and returns the units. */
  CompletionStage<OrderChange> pay(long orderId, boolean succeeded, String paymentRef);

  /** The shopper cancels a PENDING order; its units and allowance come back. */
  CompletionStage<OrderChange> cancel(long orderId);

  /** A user's orders, newest first. */
  CompletionStage<List<Order>> ordersOf(String userId);
}
