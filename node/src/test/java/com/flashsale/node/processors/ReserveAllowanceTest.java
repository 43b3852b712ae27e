package com.flashsale.node.processors;

import static com.flashsale.node.processors.Replicas.assertBackupCopies;
import static com.flashsale.node.processors.Replicas.assertNoBackup;
import static com.flashsale.node.processors.Replicas.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.HeldOrder;
import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReserveAllowanceTest {

  private static final HoldingKey KEY = new HoldingKey("s1", "p1", "u1");

  @Test
  void a_first_reservation_creates_the_holding_and_backs_it_up() {
    Map.Entry<HoldingKey, Holding> entry = entry(KEY, null);
    ReserveAllowance reserve = new ReserveAllowance(1, 2, 3, 100);

    AllowanceResult result = reserve.process(entry);

    assertThat(result).isEqualTo(AllowanceResult.reservedWithin(3, 2));
    assertThat(entry.getValue().orders()).containsExactly(new HeldOrder(1, 2, 100));
    assertBackupCopies(reserve, entry, null);
  }

  @Test
  void reserving_up_to_exactly_the_limit_is_allowed() {
    Holding before = Holding.empty().reserve(1, 2, 100);
    Map.Entry<HoldingKey, Holding> entry = entry(KEY, before);
    ReserveAllowance reserve = new ReserveAllowance(2, 1, 3, 200);

    assertThat(reserve.process(entry)).isEqualTo(AllowanceResult.reservedWithin(3, 3));
    assertThat(entry.getValue().held()).isEqualTo(3);
    assertBackupCopies(reserve, entry, before);
  }

  @Test
  void reserving_past_the_per_user_limit_is_rejected_with_the_limit_and_what_is_held() {
    Holding before = Holding.empty().reserve(1, 2, 100);
    Map.Entry<HoldingKey, Holding> entry = entry(KEY, before);
    ReserveAllowance reserve = new ReserveAllowance(2, 2, 3, 200);

    assertThat(reserve.process(entry)).isEqualTo(AllowanceResult.limitExceeded(3, 2));
    assertThat(entry.getValue()).isSameAs(before);
    assertNoBackup(reserve);
  }

  @Test
  void reserving_again_for_an_order_that_already_holds_its_share_changes_nothing() {
    Holding before = Holding.empty().reserve(1, 3, 100);
    Map.Entry<HoldingKey, Holding> entry = entry(KEY, before);
    ReserveAllowance replay = new ReserveAllowance(1, 3, 3, 200);

    assertThat(replay.process(entry)).isEqualTo(AllowanceResult.reservedWithin(3, 3));
    assertThat(entry.getValue()).isSameAs(before);
    assertNoBackup(replay);
  }
}
