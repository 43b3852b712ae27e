package com.flashsale.node.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The member settings of the README's "Configuration" that are not Hazelcast's (those are in GridConfigTest). */
class SettingsTest {

  @Test
  void reconciliation_reads_20000_orders_a_second_per_member_unless_told_otherwise() {
    assertThat(Settings.defaults().reconciliationPace())
        .isEqualTo(20_000).isEqualTo(Timings.DEFAULT_RECONCILIATION_PACE);
    assertThat(Timings.defaults().reconciliationPace()).isEqualTo(20_000);

    Settings settings = Settings.fromEnvironment(Map.of("FLASHSALE_RECONCILIATION_PACE", "50000"));
    assertThat(settings.reconciliationPace()).isEqualTo(50_000);
    Timings timings = Timings.defaults().withReconciliationPace(settings.reconciliationPace());
    assertThat(timings.reconciliationPace()).isEqualTo(50_000);
    assertThat(timings.withReconciliationPace(20_000)).isEqualTo(Timings.defaults());
  }

  @Test
  void a_reconciliation_pace_that_is_not_a_positive_whole_number_stops_the_member_naming_the_variable() {
    assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("FLASHSALE_RECONCILIATION_PACE", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("FLASHSALE_RECONCILIATION_PACE must be at least 1, got 0");
    assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("FLASHSALE_RECONCILIATION_PACE", "fast")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("FLASHSALE_RECONCILIATION_PACE must be a whole number, got 'fast'");
    assertThatThrownBy(() -> Timings.defaults().withReconciliationPace(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
