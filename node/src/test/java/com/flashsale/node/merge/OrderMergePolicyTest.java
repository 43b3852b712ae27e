package com.flashsale.node.merge;

import static com.flashsale.node.merge.Merging.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.testing.TestSales;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order merge after a split: paid beats everything, a real order beats a tombstone, else the copy further
 * along its life; the copy kept is numbered above both so that the stores take it.
 */
class OrderMergePolicyTest {

  private static final Instant T = Instant.parse("2026-11-21T10:30:00Z");
  private static final Sale SALE = TestSales.activeSale("s1", 2, 300, List.of(TestSales.product("p1", 10)));
  private static final Order PENDING = Order.placed(42, SALE, SALE.product("p1").orElseThrow(), "u1", 1, T);

  private final OrderMergePolicy policy = new OrderMergePolicy();

  @Test
  void a_paid_order_beats_one_cancelled_on_the_other_side_even_at_a_lower_version() {
    Order paid = PENDING.confirmed("pay-1", T.plusSeconds(5));
    Order expiredLater = PENDING.withVersion(5).cancelled(CancelReason.EXPIRED, null, T.plusSeconds(9));

    assertThat(OrderMergePolicy.merge(expiredLater, paid)).isEqualTo(paid.withVersion(7));
    assertThat(OrderMergePolicy.merge(paid, expiredLater)).isEqualTo(paid.withVersion(7));
  }

  @Test
  void otherwise_the_copy_further_along_its_life_wins() {
    Order cancelled = PENDING.cancelled(CancelReason.USER_CANCELLED, null, T.plusSeconds(3));

    assertThat(OrderMergePolicy.merge(PENDING, cancelled)).isEqualTo(cancelled.withVersion(3));
    assertThat(OrderMergePolicy.merge(cancelled, PENDING)).isEqualTo(cancelled.withVersion(3));
  }

  @Test
  void at_equal_versions_the_later_change_wins_and_a_full_tie_keeps_this_clusters_copy() {
    Order cancelledFirst = PENDING.cancelled(CancelReason.USER_CANCELLED, null, T.plusSeconds(3));
    Order expiredLater = PENDING.cancelled(CancelReason.EXPIRED, null, T.plusSeconds(4));
    Order expiredToo = PENDING.cancelled(CancelReason.EXPIRED, "other-ref", T.plusSeconds(4));

    assertThat(OrderMergePolicy.merge(cancelledFirst, expiredLater)).isEqualTo(expiredLater.withVersion(3));
    assertThat(OrderMergePolicy.merge(expiredLater, cancelledFirst)).isEqualTo(expiredLater.withVersion(3));
    assertThat(OrderMergePolicy.merge(expiredLater, expiredToo)).isEqualTo(expiredLater.withVersion(3));
  }

  @Test
  void equal_copies_and_orders_only_one_side_has_merge_as_they_are() {
    Order copy = PENDING.withVersion(PENDING.version());

    assertThat(policy.merge(value(copy), value(PENDING))).isSameAs(PENDING);
    assertThat(policy.merge(value(PENDING), null)).isSameAs(PENDING);
  }

  @Test
  void the_policy_answers_the_resolved_order() {
    Order paid = PENDING.confirmed("pay-1", T.plusSeconds(5));

    Object merged = policy.merge(value(PENDING), value(paid));

    assertThat(merged).isEqualTo(paid.withVersion(3));
    assertThat(((Order) merged).status()).isEqualTo(OrderStatus.CONFIRMED);
  }
}
