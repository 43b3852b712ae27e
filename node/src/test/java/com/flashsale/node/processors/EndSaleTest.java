package com.flashsale.node.processors;

import static com.flashsale.node.processors.Replicas.assertBackupCopies;
import static com.flashsale.node.processors.Replicas.assertNoBackup;
import static com.flashsale.node.processors.Replicas.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.SaleStatus;
import com.flashsale.node.testing.TestSales;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndSaleTest {

  private static final Instant STARTS = Instant.parse("2026-11-21T10:00:00Z");
  private static final Instant ENDS = Instant.parse("2026-11-21T12:00:00Z");
  private static final Sale SALE = Sale.create("s1", "Sale", STARTS, ENDS, 1, 60, List.of(TestSales.product("p1", 5)));
  private static final long OPERATOR_END = STARTS.plusSeconds(600).toEpochMilli();

  @Test
  void ending_an_active_sale_ends_it_now_and_backs_up_the_ended_sale() {
    Map.Entry<String, Sale> entry = entry("s1", SALE);
    EndSale end = new EndSale(OPERATOR_END);

    Sale ended = end.process(entry);

    assertThat(ended).isEqualTo(entry.getValue());
    assertThat(ended.statusAt(Instant.ofEpochMilli(OPERATOR_END))).isEqualTo(SaleStatus.ENDED);
    assertThat(ended.endedAt()).isEqualTo(Instant.ofEpochMilli(OPERATOR_END));
    assertBackupCopies(end, entry, SALE);
  }

  @Test
  void ending_an_ended_sale_returns_it_unchanged() {
    Sale ended = SALE.endedAt(Instant.ofEpochMilli(OPERATOR_END));
    Map.Entry<String, Sale> entry = entry("s1", ended);
    EndSale again = new EndSale(OPERATOR_END + 60_000);

    assertThat(again.process(entry)).isSameAs(ended);
    assertThat(entry.getValue()).isSameAs(ended);
    assertNoBackup(again);
  }

  @Test
  void ending_an_unknown_sale_answers_nothing_and_creates_nothing() {
    Map.Entry<String, Sale> entry = entry("s1", null);
    EndSale end = new EndSale(OPERATOR_END);

    assertThat(end.process(entry)).isNull();
    assertThat(entry.getValue()).isNull();
    assertNoBackup(end);
  }
}
