package com.flashsale.node.merge;

import static com.flashsale.node.merge.Merging.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Hold;
import com.flashsale.node.domain.Stock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The stock merge after a split: a diverged stock keeps every hold, the larger confirmed and the narrower window,
 * and sells nothing (the rest is fenced) until it is rebuilt from the orders.
 */
class StockMergePolicyTest {

  private static final Instant OPENS = Instant.parse("2026-11-21T10:00:00Z");
  private static final Instant CLOSES = Instant.parse("2026-11-21T12:00:00Z");
  /** Before the split: order 1 holds 2 of 10 units. */
  private static final Stock BEFORE = Stock.initial(10, OPENS, CLOSES).take(1, "u1", 2, 100);
  /** This side confirmed order 1 and took 1 unit for order 2. */
  private static final Stock HERE = BEFORE.confirm(1).take(2, "u2", 1, 200);
  /** The other side sold 3 units to order 3 and still holds order 1. */
  private static final Stock THERE = BEFORE.take(3, "u3", 3, 300).confirm(3);

  private final StockMergePolicy policy = new StockMergePolicy();

  @Test
  void equal_values_keep_this_clusters_value_untouched() {
    Stock same = new Stock(10, 8, 0, BEFORE.holds(), BEFORE.opensAt(), BEFORE.closesAt(), BEFORE.version());

    assertThat(policy.merge(value(same), value(BEFORE))).isSameAs(BEFORE);
  }

  @Test
  void a_product_only_the_merging_side_has_is_taken_as_it_is() {
    assertThat(policy.merge(value(THERE), null)).isSameAs(THERE);
  }

  @Test
  void diverged_stock_keeps_every_hold_and_the_larger_confirmed_and_sells_nothing() {
    Stock merged = (Stock) policy.merge(value(THERE), value(HERE));

    assertThat(merged.available()).isZero();
    assertThat(merged.confirmed()).isEqualTo(3);
    assertThat(merged.hold(1)).contains(new Hold(1, "u1", 2, 100));
    assertThat(merged.hold(2)).contains(new Hold(2, "u2", 1, 200));
    assertThat(merged.hold(Hold.MERGE_FENCE_ID)).contains(Hold.mergeFence(10 - 3 - 3));
    assertThat(merged.holds()).hasSize(3);
    assertThat(merged.version()).isEqualTo(Math.max(HERE.version(), THERE.version()) + 1);
    assertThat(merged.nextDeadline()).as("the fence is never due").isEqualTo(100);
  }

  @Test
  void the_merged_window_is_the_narrower_one_so_an_ended_sale_never_reopens() {
    long endedEarly = CLOSES.toEpochMilli() - 60_000;
    Stock ended = HERE.closedAt(endedEarly);
    Stock openedLate = new Stock(THERE.total(), THERE.available(), THERE.confirmed(), THERE.holds(),
        OPENS.toEpochMilli() + 1_000, CLOSES.toEpochMilli(), THERE.version());

    Stock merged = StockMergePolicy.merge(ended, openedLate);

    assertThat(merged.closesAt()).isEqualTo(endedEarly);
    assertThat(merged.opensAt()).isEqualTo(OPENS.toEpochMilli() + 1_000);
  }

  @Test
  void a_merge_of_a_fenced_value_recomputes_one_fence() {
    Stock fenced = StockMergePolicy.merge(HERE, THERE);
    Stock laterThere = THERE.take(4, "u4", 1, 400);

    Stock merged = StockMergePolicy.merge(fenced, laterThere);

    assertThat(merged.holds()).filteredOn(Hold::isMergeFence).singleElement()
        .isEqualTo(Hold.mergeFence(10 - (2 + 1 + 1) - 3));
    assertThat(merged.available()).isZero();
  }

  @Test
  void confirmed_beyond_what_the_holds_leave_is_cut_and_a_zero_fence_still_marks_the_divergence() {
    Stock before = Stock.initial(5, OPENS, CLOSES);
    Stock here = before.take(1, "u1", 4, 0).confirm(1);
    Stock there = before.take(2, "u2", 3, 0).confirm(2).take(3, "u3", 2, 0);

    Stock merged = StockMergePolicy.merge(here, there);

    assertThat(merged.confirmed()).isEqualTo(3);
    assertThat(merged.hold(3)).isPresent();
    assertThat(merged.hold(Hold.MERGE_FENCE_ID)).contains(Hold.mergeFence(0));
    assertThat(merged.available()).isZero();
  }

  @Test
  void holds_beyond_the_total_keep_the_side_that_promised_more_and_fence_it() {
    Stock before = Stock.initial(4, OPENS, CLOSES);
    Stock here = before.take(1, "u1", 2, 0).take(2, "u2", 2, 0);
    Stock there = before.take(3, "u3", 2, 0).take(4, "u4", 1, 0);

    Stock merged = StockMergePolicy.merge(there, here);

    assertThat(merged.holds()).extracting(Hold::orderId).containsExactly(1L, 2L, Hold.MERGE_FENCE_ID);
    assertThat(merged.hold(Hold.MERGE_FENCE_ID)).contains(Hold.mergeFence(0));
    assertThat(merged.available()).isZero();
  }
}
