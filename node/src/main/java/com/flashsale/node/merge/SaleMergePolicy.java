package com.flashsale.node.merge;

import com.flashsale.node.domain.Sale;

/**
 * Merge policy of map {@code sales}. A sale changes only when an operator ends it, so two diverged copies differ
 * in their end: the earlier close wins, so that an end made on either side of a split stands (the stock, merged
 * by {@link StockMergePolicy}, keeps the narrower window too, and the two must agree), numbered above both copies.
 */
public final class SaleMergePolicy extends ValueMergePolicy<Sale> {

  @Override
  protected Sale resolve(Sale existing, Sale merging) {
    return merge(existing, merging);
  }

  /** The copy that closes first (this cluster's on a tie), numbered above both. */
  public static Sale merge(Sale existing, Sale merging) {
    Sale winner = merging.closesAt().isBefore(existing.closesAt()) ? merging : existing;
    return winner.withVersion(Math.max(existing.version(), merging.version()) + 1);
  }
}
