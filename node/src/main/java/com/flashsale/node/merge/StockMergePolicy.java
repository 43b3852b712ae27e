package com.flashsale.node.merge;

import com.flashsale.node.domain.Hold;
import com.flashsale.node.domain.Stock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Merge policy of map {@code stock}. After a split in which both sides sold, neither side's figures are right:
 * each misses the units the other side sold, whose orders survive the merge (order ids are unique). Keeping
 * either value would make those units available again, an oversell. So a diverged stock merges into a value
 * that sells nothing until it has been rebuilt from the orders ({@code StockRebuild}):
 *
 * <ul>
 *   <li>holds: the union by order id, so no order loses its units; a hold whose order was settled on the other
 *       side only holds units too long (fail closed), and settling it is idempotent;
 *   <li>confirmed: the larger of the two; the rebuild raises it to what the CONFIRMED orders add up to;
 *   <li>the window: the narrower one, so a sale ended on either side never reopens;
 *   <li>every other unit is parked in the merge fence ({@link Hold#mergeFence}), so {@code available} is 0.
 * </ul>
 *
 * <p>If the two sides promised more than the total, the value is kept representable (the invariant of
 * {@link Stock} must hold): confirmed is cut to what the holds leave, and if the holds alone exceed the total,
 * the side with fewer available units (it promised more) is taken and fenced. The rebuild reports the oversell.
 */
public final class StockMergePolicy extends ValueMergePolicy<Stock> {

  @Override
  protected Stock resolve(Stock existing, Stock merging) {
    return merge(existing, merging);
  }

  /** The fenced merge of two diverged values of one product's stock. */
  public static Stock merge(Stock existing, Stock merging) {
    long opensAt = Math.max(existing.opensAt(), merging.opensAt());
    long closesAt = Math.min(existing.closesAt(), merging.closesAt());
    long version = Math.max(existing.version(), merging.version()) + 1;
    List<Hold> holds = union(existing.holds(), merging.holds());
    int total = existing.total();
    if (merging.total() != total || units(holds) > total) {
      // Two different totals are two different sales under one id: keep this cluster's. Holds beyond the total
      // cannot all be kept: keep the side that promised more. Either way the side kept is fenced whole.
      Stock kept = merging.total() != total || existing.available() <= merging.available() ? existing : merging;
      return fenced(kept.total(), withoutFence(kept.holds()), kept.confirmed(), opensAt, closesAt, version);
    }
    int confirmed = Math.min(Math.max(existing.confirmed(), merging.confirmed()), total - units(holds));
    return fenced(total, holds, confirmed, opensAt, closesAt, version);
  }

  /** Every order's hold once (the first side's copy when both have it); old merge fences are recomputed. */
  private static List<Hold> union(List<Hold> first, List<Hold> second) {
    Map<Long, Hold> byOrder = new LinkedHashMap<>();
    Stream.concat(withoutFence(first).stream(), withoutFence(second).stream())
        .forEach(hold -> byOrder.putIfAbsent(hold.orderId(), hold));
    return new ArrayList<>(byOrder.values());
  }

  private static List<Hold> withoutFence(List<Hold> holds) {
    return holds.stream().filter(hold -> !hold.isMergeFence()).toList();
  }

  /**
   * Nothing available: what the holds and confirmed leave goes into the fence. A fence of zero units is kept
   * too: it marks the value as diverged, so the rebuild still runs and reports an oversell if there is one.
   */
  private static Stock fenced(int total, List<Hold> holds, int confirmed, long opensAt, long closesAt, long version) {
    List<Hold> fencedHolds = new ArrayList<>(holds);
    fencedHolds.add(Hold.mergeFence(total - units(holds) - confirmed));
    return new Stock(total, 0, confirmed, fencedHolds, opensAt, closesAt, version);
  }

  private static int units(List<Hold> holds) {
    return holds.stream().mapToInt(Hold::units).sum();
  }
}
