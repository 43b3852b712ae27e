package com.flashsale.node.processors;

import static com.flashsale.node.processors.Replicas.assertBackupCopies;
import static com.flashsale.node.processors.Replicas.assertNoBackup;
import static com.flashsale.node.processors.Replicas.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Hold;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.merge.StockMergePolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lifting a merge fence from the orders' counts: only over the stock value they were counted against, confirmed
 * never below what the stock counted, every PENDING order with its hold, and an oversell reported, not sold into.
 */
class SettleMergeFenceTest {

  private static final ProductKey KEY = new ProductKey("s1", "p1");
  private static final Stock BEFORE = Stock.initial(10, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))
      .take(1, "u1", 2, 100);
  /** This side confirmed order 1 and holds 1 unit for order 2; the other side sold 3 to order 3, still holds 1. */
  private static final Stock FENCED = StockMergePolicy.merge(BEFORE.confirm(1).take(2, "u2", 1, 200),
      BEFORE.take(3, "u3", 3, 300).confirm(3));

  @Test
  void the_fence_is_lifted_with_confirmed_from_the_orders_and_the_rest_available_and_backed_up() {
    Map.Entry<ProductKey, Stock> entry = entry(KEY, FENCED);
    // CONFIRMED: orders 1 (2 units, still held in the merged stock) and 3 (3 units); PENDING: order 2.
    SettleMergeFence settle = new SettleMergeFence(FENCED.version(), 5, List.of(1L), List.of());

    assertThat(settle.process(entry)).isEqualTo(FenceSettlement.settled(0));
    Stock lifted = entry.getValue();
    assertThat(lifted.confirmed()).isEqualTo(5);
    assertThat(lifted.holds()).containsExactly(new Hold(2, "u2", 1, 200));
    assertThat(lifted.available()).isEqualTo(10 - 5 - 1);
    assertThat(lifted.version()).isEqualTo(FENCED.version() + 1);
    assertBackupCopies(settle, entry, FENCED);
  }

  @Test
  void a_pending_order_that_holds_nothing_gets_its_hold_back() {
    Map.Entry<ProductKey, Stock> entry = entry(KEY, FENCED);
    Hold missing = new Hold(4, "u4", 2, 999);

    new SettleMergeFence(FENCED.version(), 5, List.of(1L), List.of(missing)).process(entry);

    assertThat(entry.getValue().hold(4)).contains(missing);
    assertThat(entry.getValue().available()).isEqualTo(10 - 5 - 1 - 2);
  }

  @Test
  void confirmed_is_never_lowered_below_what_the_stock_already_counted() {
    Map.Entry<ProductKey, Stock> entry = entry(KEY, FENCED);

    new SettleMergeFence(FENCED.version(), 1, List.of(), List.of()).process(entry);

    assertThat(entry.getValue().confirmed()).isEqualTo(FENCED.confirmed());
    assertThat(entry.getValue().hold(Hold.MERGE_FENCE_ID)).isEmpty();
  }

  @Test
  void a_stock_that_moved_since_the_orders_were_counted_is_left_alone_and_answers_version_moved() {
    Stock moved = FENCED.release(2);
    Map.Entry<ProductKey, Stock> entry = entry(KEY, moved);
    SettleMergeFence settle = new SettleMergeFence(FENCED.version(), 5, List.of(1L), List.of());

    assertThat(settle.process(entry)).isEqualTo(FenceSettlement.of(FenceSettlement.Outcome.VERSION_MOVED));
    assertThat(entry.getValue()).isSameAs(moved);
    assertNoBackup(settle);
  }

  @Test
  void a_stock_without_a_fence_is_left_alone() {
    Stock plain = BEFORE;
    Map.Entry<ProductKey, Stock> entry = entry(KEY, plain);
    SettleMergeFence settle = new SettleMergeFence(plain.version(), 0, List.of(), List.of());

    assertThat(settle.process(entry)).isEqualTo(FenceSettlement.of(FenceSettlement.Outcome.NO_FENCE));
    assertThat(entry.getValue()).isSameAs(plain);
    assertNoBackup(settle);
    assertThat(new SettleMergeFence(1, 0, List.of(), List.of()).process(entry(KEY, null)).outcome())
        .isEqualTo(FenceSettlement.Outcome.NO_FENCE);
  }

  @Test
  void orders_promising_more_than_the_total_are_reported_as_an_oversell_and_nothing_more_is_sold() {
    Map.Entry<ProductKey, Stock> entry = entry(KEY, FENCED);
    // Both sides sold: the CONFIRMED orders add up to 9 of 10 units, order 2 holds 1, and order 4 waits for 2.
    SettleMergeFence settle = new SettleMergeFence(FENCED.version(), 9, List.of(1L), List.of(new Hold(4, "u4", 2, 0)));

    assertThat(settle.process(entry)).isEqualTo(FenceSettlement.settled(2));
    Stock capped = entry.getValue();
    assertThat(capped.available()).isZero();
    assertThat(capped.confirmed()).isEqualTo(9);
    assertThat(capped.holds()).containsExactly(new Hold(2, "u2", 1, 200));
    assertThat(capped.total()).isEqualTo(capped.available() + capped.pendingUnits() + capped.confirmed());
    assertBackupCopies(settle, entry, FENCED);
  }

  @Test
  void an_oversell_whose_holds_leave_room_still_sells_nothing() {
    Map.Entry<ProductKey, Stock> entry = entry(KEY, FENCED);
    // 8 confirmed, order 2 holds 1, order 4 waits for 2: one unit short, and order 4's hold does not fit whole.
    new SettleMergeFence(FENCED.version(), 8, List.of(1L), List.of(new Hold(4, "u4", 2, 0))).process(entry);

    assertThat(entry.getValue().available()).isZero();
    assertThat(entry.getValue().hold(4)).isEmpty();
    assertThat(entry.getValue().confirmed()).isEqualTo(9);
  }
}
