package com.flashsale.node.merge;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merge policy of map {@code ledgers} after a network split. Both sides' ledgers hold every order they took,
 * so the merged ledger is the union of the orders (an order both sides changed keeps the copy
 * {@link OrderMergePolicy} picks), with the figures derived from it: no side's sales vanish, which keeping one
 * side's value would do. If the union promises more units than the product has, the newest unpaid orders
 * are expired until it fits; if the paid orders alone exceed the stock (only possible without split-brain
 * protection), this side's value is kept and the oversell is logged for a person. Every order of the merged
 * ledger is numbered above both sides, so the store rewrites them all.
 */
public final class LedgerMergePolicy extends ValueMergePolicy<Ledger> {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerMergePolicy.class);

  @Override
  protected Ledger resolve(Ledger existing, Ledger merging) {
    return merge(existing, merging);
  }

  public static Ledger merge(Ledger existing, Ledger merging) {
    long version = Math.max(existing.version(), merging.version()) + 1;
    Map<Long, Order> union = new HashMap<>(existing.orders());
    merging.orders().forEach((orderId, order) ->
        union.merge(orderId, order, (kept, incoming) -> OrderMergePolicy.beats(incoming, kept) ? incoming : kept));
    List<Order> orders = new ArrayList<>();
    union.values().forEach(order -> orders.add(order.withVersion(version)));
    int promised = orders.stream().filter(Order::holdsUnits).mapToInt(Order::quantity).sum();
    int excess = promised - existing.total();
    if (excess > 0) {
      excess = expireNewestUnpaid(orders, excess);
    }
    if (excess > 0) {
      LOG.error("OVERSOLD_AFTER_MERGE: the paid orders of both sides exceed the stock of {} by {} unit(s); "
          + "keeping this side's ledger, the other side's orders need a person", existing.total(), excess);
      return existing;
    }
    return Ledger.of(existing.total(), existing.opensAt(), Math.min(existing.closesAt(), merging.closesAt()), version,
        orders);
  }

  /** Expires PENDING orders, newest first, until {@code excess} units are freed; returns what is still over. */
  private static int expireNewestUnpaid(List<Order> orders, int excess) {
    List<Order> pending = orders.stream().filter(order -> order.status() == OrderStatus.PENDING)
        .sorted(Comparator.comparing(Order::createdAt).thenComparing(Order::orderId).reversed())
        .toList();
    for (Order order : pending) {
      if (excess <= 0) {
        break;
      }
      orders.set(orders.indexOf(order), order.cancelled(CancelReason.EXPIRED, null, order.updatedAt()).withVersion(order.version()));
      excess -= order.quantity();
    }
    return excess;
  }
}
