package com.flashsale.node.merge;

import com.flashsale.node.domain.HeldOrder;
import com.flashsale.node.domain.Holding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Merge policy of map {@code holdings}: a user's allowance after a split is the union, by order id, of what
 * both sides reserved. That fails closed: an entry too many only restricts the user (the per-user limit counts
 * it) until the order it names is settled and releases it, or reconciliation finds it has no order. Dropping an
 * entry instead could let the user buy past the limit. {@link Holding} accepts any list, so the union is always
 * representable, even above the limit.
 */
public final class HoldingMergePolicy extends ValueMergePolicy<Holding> {

  @Override
  protected Holding resolve(Holding existing, Holding merging) {
    return merge(existing, merging);
  }

  /** Both sides' reservations, each order once (this cluster's copy when both have it), numbered above both. */
  public static Holding merge(Holding existing, Holding merging) {
    Map<Long, HeldOrder> byOrder = new LinkedHashMap<>();
    Stream.concat(existing.orders().stream(), merging.orders().stream())
        .forEach(held -> byOrder.putIfAbsent(held.orderId(), held));
    return new Holding(List.copyOf(byOrder.values()), Math.max(existing.version(), merging.version()) + 1);
  }
}
