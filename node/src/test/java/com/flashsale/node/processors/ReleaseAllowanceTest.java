package com.flashsale.node.processors;

import static com.flashsale.node.processors.Replicas.assertBackupCopies;
import static com.flashsale.node.processors.Replicas.assertNoBackup;
import static com.flashsale.node.processors.Replicas.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseAllowanceTest {

  private static final HoldingKey KEY = new HoldingKey("s1", "p1", "u1");

  @Test
  void releasing_gives_the_orders_share_back_and_keeps_the_others() {
    Holding before = Holding.empty().reserve(1, 2, 100).reserve(2, 1, 200);
    Map.Entry<HoldingKey, Holding> entry = entry(KEY, before);
    ReleaseAllowance release = new ReleaseAllowance(1);

    assertThat(release.process(entry)).isEqualTo(Settled.MOVED);
    assertThat(entry.getValue().held()).isEqualTo(1);
    assertThat(entry.getValue().order(2)).isPresent();
    assertBackupCopies(release, entry, before);
  }

  @Test
  void releasing_the_last_share_removes_the_holding_on_primary_and_backup() {
    Holding before = Holding.empty().reserve(1, 2, 100);
    Map.Entry<HoldingKey, Holding> entry = entry(KEY, before);
    ReleaseAllowance release = new ReleaseAllowance(1);

    assertThat(release.process(entry)).isEqualTo(Settled.MOVED);
    assertThat(entry.getValue()).isNull();
    assertBackupCopies(release, entry, before);
  }

  @Test
  void releasing_an_order_that_holds_nothing_changes_nothing() {
    Holding before = Holding.empty().reserve(1, 2, 100);
    Map.Entry<HoldingKey, Holding> entry = entry(KEY, before);
    ReleaseAllowance release = new ReleaseAllowance(9);

    assertThat(release.process(entry)).isEqualTo(Settled.NOTHING_HELD);
    assertThat(entry.getValue()).isSameAs(before);
    assertNoBackup(release);
  }

  @Test
  void releasing_on_an_absent_holding_changes_nothing() {
    Map.Entry<HoldingKey, Holding> entry = entry(KEY, null);
    ReleaseAllowance release = new ReleaseAllowance(1);

    assertThat(release.process(entry)).isEqualTo(Settled.NOTHING_HELD);
    assertThat(entry.getValue()).isNull();
    assertNoBackup(release);
  }
}
