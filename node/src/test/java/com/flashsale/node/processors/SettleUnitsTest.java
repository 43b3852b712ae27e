package com.flashsale.node.processors;

import static com.flashsale.node.processors.Replicas.assertBackupCopies;
import static com.flashsale.node.processors.Replicas.assertNoBackup;
import static com.flashsale.node.processors.Replicas.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link ConfirmUnits} and {@link ReleaseUnits}: the two ways a hold is settled, each exactly once. */
class SettleUnitsTest {

  private static final ProductKey KEY = new ProductKey("s1", "p1");
  private static final Stock HELD = Stock.initial(10, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")).take(7, "u1", 3, 0).take(8, "u2", 1, 0);

  @Nested
  class ConfirmingUnits {

    @Test
    void confirming_moves_the_orders_held_units_to_confirmed_and_backs_up_the_result() {
      Map.Entry<ProductKey, Stock> entry = entry(KEY, HELD);
      ConfirmUnits confirm = new ConfirmUnits(7);

      assertThat(confirm.process(entry)).isEqualTo(Settled.MOVED);
      assertThat(entry.getValue().confirmed()).isEqualTo(3);
      assertThat(entry.getValue().available()).isEqualTo(6);
      assertThat(entry.getValue().hold(7)).isEmpty();
      assertThat(entry.getValue().hold(8)).isPresent();
      assertBackupCopies(confirm, entry, HELD);
    }

    @Test
    void confirming_twice_moves_the_units_once() {
      Map.Entry<ProductKey, Stock> entry = entry(KEY, HELD);
      new ConfirmUnits(7).process(entry);
      Stock once = entry.getValue();
      ConfirmUnits again = new ConfirmUnits(7);

      assertThat(again.process(entry)).isEqualTo(Settled.NOTHING_HELD);
      assertThat(entry.getValue()).isSameAs(once);
      assertNoBackup(again);
    }

    @Test
    void confirming_on_absent_stock_changes_nothing() {
      Map.Entry<ProductKey, Stock> entry = entry(KEY, null);
      ConfirmUnits confirm = new ConfirmUnits(7);

      assertThat(confirm.process(entry)).isEqualTo(Settled.NOTHING_HELD);
      assertThat(entry.getValue()).isNull();
      assertNoBackup(confirm);
    }
  }

  @Nested
  class ReleasingUnits {

    @Test
    void releasing_returns_the_orders_held_units_to_available_and_backs_up_the_result() {
      Map.Entry<ProductKey, Stock> entry = entry(KEY, HELD);
      ReleaseUnits release = new ReleaseUnits(7);

      assertThat(release.process(entry)).isEqualTo(Settled.MOVED);
      assertThat(entry.getValue().available()).isEqualTo(9);
      assertThat(entry.getValue().confirmed()).isZero();
      assertThat(entry.getValue().hold(7)).isEmpty();
      assertBackupCopies(release, entry, HELD);
    }

    @Test
    void releasing_twice_frees_the_units_once() {
      Map.Entry<ProductKey, Stock> entry = entry(KEY, HELD);
      new ReleaseUnits(7).process(entry);
      Stock once = entry.getValue();
      ReleaseUnits again = new ReleaseUnits(7);

      assertThat(again.process(entry)).isEqualTo(Settled.NOTHING_HELD);
      assertThat(entry.getValue()).isSameAs(once);
      assertNoBackup(again);
    }

    @Test
    void releasing_units_already_confirmed_changes_nothing() {
      Map.Entry<ProductKey, Stock> entry = entry(KEY, HELD.confirm(7));
      Stock confirmed = entry.getValue();
      ReleaseUnits release = new ReleaseUnits(7);

      assertThat(release.process(entry)).isEqualTo(Settled.NOTHING_HELD);
      assertThat(entry.getValue()).isSameAs(confirmed);
      assertNoBackup(release);
    }

    @Test
    void releasing_on_absent_stock_changes_nothing() {
      Map.Entry<ProductKey, Stock> entry = entry(KEY, null);
      ReleaseUnits release = new ReleaseUnits(7);

      assertThat(release.process(entry)).isEqualTo(Settled.NOTHING_HELD);
      assertNoBackup(release);
    }
  }
}
