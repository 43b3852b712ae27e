package com.flashsale.node.merge;

import static com.flashsale.node.merge.Merging.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Sale;
import com.flashsale.node.testing.TestSales;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sale merge after a split: an operator's end made on either side stands. */
class SaleMergePolicyTest {

  private static final Sale OPEN = TestSales.activeSale("s1", 2, 300, List.of(TestSales.product("p1", 10)));
  private static final Instant NOW = Instant.now();

  private final SaleMergePolicy policy = new SaleMergePolicy();

  @Test
  void an_end_made_on_the_merging_side_alone_stands_numbered_above_both() {
    Sale ended = OPEN.endedAt(NOW);

    Sale merged = (Sale) policy.merge(value(ended), value(OPEN));

    assertThat(merged.closesAt()).isEqualTo(NOW);
    assertThat(merged.version()).isEqualTo(ended.version() + 1);
  }

  @Test
  void of_two_ends_the_earlier_one_wins_from_either_side() {
    Sale endedFirst = OPEN.endedAt(NOW);
    Sale endedLater = OPEN.endedAt(NOW.plusSeconds(30));

    assertThat(SaleMergePolicy.merge(endedLater, endedFirst).closesAt()).isEqualTo(NOW);
    assertThat(SaleMergePolicy.merge(endedFirst, endedLater).closesAt()).isEqualTo(NOW);
  }

  @Test
  void equal_copies_keep_this_clusters_value_untouched() {
    Object merged = policy.merge(value(OPEN), value(OPEN));

    assertThat(merged).isEqualTo(OPEN);
  }
}
