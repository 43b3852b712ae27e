package com.flashsale.node.processors;

import static com.flashsale.node.processors.Replicas.assertBackupCopies;
import static com.flashsale.node.processors.Replicas.assertNoBackup;
import static com.flashsale.node.processors.Replicas.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Hold;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.SaleStatus;
import com.flashsale.node.domain.Stock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TakeUnitsTest {

  private static final ProductKey KEY = new ProductKey("s1", "p1");
  private static final Instant OPENS = Instant.parse("2026-11-21T10:00:00Z");
  private static final Instant CLOSES = Instant.parse("2026-11-21T12:00:00Z");
  private static final long DURING = OPENS.toEpochMilli() + 1_000;

  private static Stock stock(int units) {
    return Stock.initial(units, OPENS, CLOSES);
  }

  @Test
  void taking_within_available_holds_the_units_for_the_order_and_backs_up_the_new_stock() {
    Stock before = stock(5);
    Map.Entry<ProductKey, Stock> entry = entry(KEY, before);
    TakeUnits take = new TakeUnits(7, "u1", 2, DURING + 60_000, DURING);

    TakeResult result = take.process(entry);

    assertThat(result).isEqualTo(new TakeResult(TakeResult.Outcome.TAKEN, 3, SaleStatus.ACTIVE));
    assertThat(entry.getValue().available()).isEqualTo(3);
    assertThat(entry.getValue().hold(7)).contains(new Hold(7, "u1", 2, DURING + 60_000));
    assertBackupCopies(take, entry, before);
  }

  @Test
  void taking_every_last_unit_is_allowed() {
    Map.Entry<ProductKey, Stock> entry = entry(KEY, stock(2));

    assertThat(new TakeUnits(7, "u1", 2, 0, DURING).process(entry).outcome()).isEqualTo(TakeResult.Outcome.TAKEN);
    assertThat(entry.getValue().available()).isZero();
  }

  @Test
  void placing_more_than_available_is_rejected_with_insufficient_stock() {
    Stock before = stock(2);
    Map.Entry<ProductKey, Stock> entry = entry(KEY, before);
    TakeUnits take = new TakeUnits(7, "u1", 3, 0, DURING);

    assertThat(take.process(entry)).isEqualTo(new TakeResult(TakeResult.Outcome.INSUFFICIENT_STOCK, 2, SaleStatus.ACTIVE));
    assertThat(entry.getValue()).isSameAs(before);
    assertNoBackup(take);
  }

  @Test
  void placing_when_nothing_is_available_is_rejected_as_sold_out() {
    Stock soldOut = stock(1).take(1, "u0", 1, 0);
    Map.Entry<ProductKey, Stock> entry = entry(KEY, soldOut);
    TakeUnits take = new TakeUnits(7, "u1", 1, 0, DURING);

    assertThat(take.process(entry).outcome()).isEqualTo(TakeResult.Outcome.SOLD_OUT);
    assertThat(entry.getValue()).isSameAs(soldOut);
    assertNoBackup(take);
  }

  @Test
  void placing_before_the_window_opens_is_rejected_as_upcoming() {
    Stock before = stock(5);
    Map.Entry<ProductKey, Stock> entry = entry(KEY, before);
    TakeUnits take = new TakeUnits(7, "u1", 1, 0, OPENS.toEpochMilli() - 1);

    assertThat(take.process(entry)).isEqualTo(new TakeResult(TakeResult.Outcome.SALE_NOT_ACTIVE, 5, SaleStatus.UPCOMING));
    assertThat(entry.getValue()).isSameAs(before);
    assertNoBackup(take);
  }

  @Test
  void placing_after_the_window_closed_is_rejected_as_ended_even_with_units_left() {
    Stock closedEarly = stock(5).closedAt(DURING);
    Map.Entry<ProductKey, Stock> entry = entry(KEY, closedEarly);
    TakeUnits take = new TakeUnits(7, "u1", 1, 0, DURING);

    assertThat(take.process(entry)).isEqualTo(new TakeResult(TakeResult.Outcome.SALE_NOT_ACTIVE, 5, SaleStatus.ENDED));
    assertThat(entry.getValue()).isSameAs(closedEarly);
    assertNoBackup(take);
  }

  @Test
  void taking_for_a_product_without_stock_answers_no_such_product() {
    Map.Entry<ProductKey, Stock> entry = entry(KEY, null);
    TakeUnits take = new TakeUnits(7, "u1", 1, 0, DURING);

    assertThat(take.process(entry).outcome()).isEqualTo(TakeResult.Outcome.NO_SUCH_PRODUCT);
    assertThat(entry.getValue()).isNull();
    assertNoBackup(take);
  }

  @Test
  void taking_again_for_an_order_that_holds_units_takes_nothing_more() {
    Stock taken = stock(5).take(7, "u1", 2, 0);
    Map.Entry<ProductKey, Stock> entry = entry(KEY, taken);
    TakeUnits replay = new TakeUnits(7, "u1", 2, 0, DURING);

    assertThat(replay.process(entry)).isEqualTo(new TakeResult(TakeResult.Outcome.ALREADY_TAKEN, 3, SaleStatus.ACTIVE));
    assertThat(entry.getValue()).isSameAs(taken);
    assertNoBackup(replay);
  }
}
