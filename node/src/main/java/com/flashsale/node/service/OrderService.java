package com.flashsale.node.service;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.processors.OrderChange;
import java.util.List;
import java.util.Optional;

/**
 * Placing orders and moving them through their life. Every call is a plain blocking call: the edge runs on
 * virtual threads, so a call that waits for the grid parks only its own virtual thread.
 */
public interface OrderService {

  /**
   * Places an order. With an idempotency key, the same key and request return the order the first call
   * created (outcome REPLAYED) and take nothing more; the same key with another request is rejected.
   */
  Placement place(PlaceOrderRequest request, String idempotencyKey);

  /** The order, with an overdue PENDING order expired first; empty when there is none. */
  Optional<Order> find(OrderId orderId);

  /** Records a payment outcome: SUCCEEDED confirms, FAILED cancels and returns the units. */
  OrderChange pay(OrderId orderId, boolean succeeded, String paymentRef);

  /** The shopper cancels a PENDING order; its units come back. */
  OrderChange cancel(OrderId orderId);

  /** A user's orders, newest first. */
  List<Order> ordersOf(String userId);
}
