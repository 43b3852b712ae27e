package com.flashsale.node.merge;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;

/**
 * Merge policy of map {@code orders}, the truth the stock is rebuilt from. An order changed on both sides of a
 * split keeps, in this order of precedence: CONFIRMED over any other status (the shopper paid, and the payment
 * cannot be taken back by a merge); a real order over a VOIDED tombstone (the tombstone only fenced an order the
 * voiding side could not see); else the copy further along its life (the higher version, then the later
 * {@code updatedAt}); a tie keeps this cluster's copy. Orders created during the split have ids of their own and
 * merge without conflict.
 */
public final class OrderMergePolicy extends ValueMergePolicy<Order> {

  @Override
  protected Order resolve(Order existing, Order merging) {
    return merge(existing, merging);
  }

  /** The copy that wins, numbered above both. */
  public static Order merge(Order existing, Order merging) {
    Order winner = beats(merging, existing) ? merging : existing;
    return winner.withVersion(Math.max(existing.version(), merging.version()) + 1);
  }

  private static boolean beats(Order challenger, Order holder) {
    boolean challengerPaid = challenger.status() == OrderStatus.CONFIRMED;
    if (challengerPaid != (holder.status() == OrderStatus.CONFIRMED)) {
      return challengerPaid;
    }
    boolean challengerVoided = challenger.status() == OrderStatus.VOIDED;
    if (challengerVoided != (holder.status() == OrderStatus.VOIDED)) {
      return !challengerVoided;
    }
    if (challenger.version() != holder.version()) {
      return challenger.version() > holder.version();
    }
    return challenger.updatedAt().isAfter(holder.updatedAt());
  }
}
