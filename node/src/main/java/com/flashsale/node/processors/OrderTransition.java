package com.flashsale.node.processors;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import java.time.Instant;
import java.util.Map;

/**
 * Base of the transitions out of PENDING that a shopper asks for (pay, fail, cancel). Exactly one call
 * moves an order out of PENDING, and only that call's caller settles the units first; everyone else
 * learns ALREADY_APPLIED (the same change, answer as before) or NOT_PENDING. A PENDING order whose window
 * has passed is expired on the spot instead, so a late payment can never confirm it.
 */
public abstract class OrderTransition extends MutatingProcessor<Long, Order, OrderChange> {

  protected final long now;

  protected OrderTransition(long now) {
    this.now = now;
  }

  @Override
  protected final OrderChange apply(Map.Entry<Long, Order> entry) {
    Order order = entry.getValue();
    if (order == null || order.status() == OrderStatus.VOIDED) {
      return OrderChange.of(OrderChange.Outcome.NOT_FOUND, null);
    }
    Instant at = Instant.ofEpochMilli(now);
    if (order.isExpiredAt(at)) {
      Order expired = order.cancelled(CancelReason.EXPIRED, null, at);
      write(entry, expired);
      return OrderChange.of(OrderChange.Outcome.EXPIRED, expired);
    }
    if (order.status() == OrderStatus.PENDING) {
      Order next = transition(order, at);
      write(entry, next);
      return OrderChange.of(OrderChange.Outcome.APPLIED, next);
    }
    return OrderChange.of(alreadyApplied(order) ? OrderChange.Outcome.ALREADY_APPLIED : OrderChange.Outcome.NOT_PENDING, order);
  }

  /** The order after this transition, from PENDING. */
  protected abstract Order transition(Order pending, Instant at);

  /** Whether the order is already where this transition would take it. */
  protected abstract boolean alreadyApplied(Order order);
}
