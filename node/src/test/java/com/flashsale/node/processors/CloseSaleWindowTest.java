package com.flashsale.node.processors;

import static com.flashsale.node.processors.Replicas.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.SaleStatus;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloseSaleWindowTest {

  private static final ProductKey KEY = new ProductKey("s1", "p1");
  private static final Instant OPENS = Instant.parse("2026-11-21T10:00:00Z");
  private static final Instant CLOSES = Instant.parse("2026-11-21T12:00:00Z");
  private static final long OPERATOR_END = OPENS.toEpochMilli() + 600_000;

  private final Ledger open = Ledger.initial(KEY.saleId(), 5, OPENS, CLOSES)
      .apply(LedgerChange.of(Order.placed(1, KEY, "u1", 2, BigDecimal.TEN, "EUR", 300, OPENS, null, null)));

  @Test
  void closing_ends_the_window_at_the_operators_instant_and_keeps_every_unit_where_it_was() {
    Map.Entry<ProductKey, Ledger> entry = entry(KEY, open);

    assertThat(new CloseSaleWindow(OPERATOR_END).process(entry)).isTrue();
    Ledger closed = entry.getValue();
    assertThat(closed.closesAt()).isEqualTo(OPERATOR_END);
    assertThat(closed.statusAt(OPERATOR_END)).isEqualTo(SaleStatus.ENDED);
    assertThat(closed.available()).isEqualTo(open.available());
    assertThat(closed.orders()).isEqualTo(open.orders());
  }

  @Test
  void closing_never_reopens_a_window_that_closed_earlier() {
    Ledger closed = open.apply(LedgerChange.closedAt(OPERATOR_END));
    Map.Entry<ProductKey, Ledger> entry = entry(KEY, closed);

    assertThat(new CloseSaleWindow(OPERATOR_END + 60_000).process(entry)).isFalse();
    assertThat(entry.getValue()).isSameAs(closed);
  }

  @Test
  void closing_an_absent_ledger_changes_nothing() {
    Map.Entry<ProductKey, Ledger> entry = entry(KEY, null);

    assertThat(new CloseSaleWindow(OPERATOR_END).process(entry)).isFalse();
    assertThat(entry.getValue()).isNull();
  }

  @Test
  void the_backup_runs_the_same_close_and_reaches_the_primarys_value() {
    CloseSaleWindow close = new CloseSaleWindow(OPERATOR_END);
    Map.Entry<ProductKey, Ledger> primary = entry(KEY, open);
    close.process(primary);

    var backup = close.getBackupProcessor();
    Map.Entry<ProductKey, Ledger> replica = entry(KEY, open);
    backup.process(replica);

    // A copy marked as the backup's: only the primary records the ledger in its member's index (MemberSumsTest).
    assertThat(backup).isNotSameAs(close).isInstanceOf(CloseSaleWindow.class);
    assertThat(replica.getValue()).isEqualTo(primary.getValue());
  }

  @Test
  void a_backup_that_already_has_the_close_stays_as_it_is() {
    CloseSaleWindow close = new CloseSaleWindow(OPERATOR_END);
    Map.Entry<ProductKey, Ledger> replica = entry(KEY, open.apply(LedgerChange.closedAt(OPERATOR_END)));
    Ledger before = replica.getValue();

    close.getBackupProcessor().process(replica);

    assertThat(replica.getValue()).isSameAs(before);
  }
}
