package com.flashsale.node.merge;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;

/**
 * Merge policy of map {@code orders} (the read side), and the rule {@link LedgerMergePolicy} applies to each
 * order both sides of a split changed. The copy kept is, in this order of precedence: CONFIRMED over any other
 * status (the shopper paid, and the payment cannot be taken back by a merge); else the copy further along its
 * life (the higher version, then the later {@code updatedAt}); a tie keeps this cluster's copy. Orders created
 * during the split have ids of their own and merge without conflict.
 */
public class OrderMergePolicy extends ValueMergePolicy<Order> {

  @Override
  protected Order resolve(Order existing, Order merging) {
    return merge(existing, merging);
  }

  /**
   * The read side's policy in a cluster with split-brain protection, like {@link LedgerMergePolicy.MajorityKeeps}:
   * an order both sides hold keeps the larger side's copy, the one its ledger has.
   */
  public static final class MajorityKeeps extends OrderMergePolicy {
    @Override
    protected Order resolve(Order existing, Order merging) {
      return merge(existing, merging, true);
    }
  }

  /** The copy that wins, numbered above both. */
  public static Order merge(Order existing, Order merging) {
    return merge(existing, merging, false);
  }

  static Order merge(Order existing, Order merging, boolean existingWins) {
    return kept(existing, merging, existingWins).withVersion(Math.max(existing.version(), merging.version()) + 1);
  }

  /**
   * The copy of an order both sides hold that the merged cluster keeps, for the read side and for the ledgers
   * alike: {@code existing}'s when {@code existingWins} (a protected cluster, see {@link MajorityKeeps}), else the
   * one that {@link #beats} the other.
   */
  static Order kept(Order existing, Order merging, boolean existingWins) {
    return !existingWins && beats(merging, existing) ? merging : existing;
  }

  private static boolean beats(Order challenger, Order holder) {
    boolean challengerPaid = challenger.status() == OrderStatus.CONFIRMED;
    if (challengerPaid != (holder.status() == OrderStatus.CONFIRMED)) {
      return challengerPaid;
    }
    if (challenger.version() != holder.version()) {
      return challenger.version() > holder.version();
    }
    return challenger.updatedAt().isAfter(holder.updatedAt());
  }
}
