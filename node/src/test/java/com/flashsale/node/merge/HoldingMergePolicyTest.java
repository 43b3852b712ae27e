package com.flashsale.node.merge;

import static com.flashsale.node.merge.Merging.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.HeldOrder;
import com.flashsale.node.domain.Holding;
import org.junit.jupiter.api.Test;

/** The allowance merge after a split: both sides' reservations, each order once; it only ever restricts the user. */
class HoldingMergePolicyTest {

  private static final Holding BEFORE = Holding.empty().reserve(1, 1, 10);

  private final HoldingMergePolicy policy = new HoldingMergePolicy();

  @Test
  void diverged_holdings_keep_every_order_of_both_sides_once() {
    Holding here = BEFORE.reserve(2, 1, 20);
    Holding there = BEFORE.release(1).reserve(3, 2, 30);

    Holding merged = (Holding) policy.merge(value(there), value(here));

    assertThat(merged.orders()).containsExactly(new HeldOrder(1, 1, 10), new HeldOrder(2, 1, 20), new HeldOrder(3, 2, 30));
    assertThat(merged.held()).isEqualTo(4);
    assertThat(merged.version()).isEqualTo(Math.max(here.version(), there.version()) + 1);
  }

  @Test
  void an_order_on_both_sides_keeps_this_clusters_entry() {
    Holding here = Holding.empty().reserve(5, 2, 50);
    Holding there = Holding.empty().reserve(5, 2, 55).reserve(6, 1, 60);

    assertThat(HoldingMergePolicy.merge(here, there).orders())
        .containsExactly(new HeldOrder(5, 2, 50), new HeldOrder(6, 1, 60));
  }

  @Test
  void equal_holdings_and_holdings_only_one_side_has_merge_as_they_are() {
    Holding copy = new Holding(BEFORE.orders(), BEFORE.version());

    assertThat(policy.merge(value(copy), value(BEFORE))).isSameAs(BEFORE);
    assertThat(policy.merge(value(BEFORE), null)).isSameAs(BEFORE);
  }
}
