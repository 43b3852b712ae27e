package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When the re-persist pass reads everything: at start, on the pass after each trigger (that one only), and at
 * least every safety-net interval. The schedule never looks inside the events, so the tests hand it none.
 */
class FullScanScheduleTest {

  private static final Duration NET = Duration.ofMinutes(5);
  private static final long START = 1_700_000_000_000L;
  private static final long INTERVAL = 10_000;

  private final FullScanSchedule schedule = new FullScanSchedule(NET);

  @Test
  void the_first_pass_is_full_and_the_next_ones_are_not() {
    assertThat(List.of(fullAt(0), fullAt(1), fullAt(2))).containsExactly(true, false, false);
  }

  @Test
  void a_member_that_left_makes_the_next_pass_full() {
    fullAt(0);

    schedule.memberRemoved(null);

    assertThat(List.of(fullAt(1), fullAt(2))).containsExactly(true, false);
  }

  @Test
  void a_member_that_joined_triggers_nothing_until_its_migrations_finish() {
    fullAt(0);

    schedule.memberAdded(null);
    schedule.migrationStarted(null);
    assertThat(fullAt(1)).isFalse();

    schedule.migrationFinished(null);
    assertThat(fullAt(2)).isTrue();
  }

  @Test
  void a_failed_pass_makes_the_next_pass_full() {
    fullAt(0);
    boolean failedPassWasFull = fullAt(1);
    schedule.passFailed();

    assertThat(List.of(failedPassWasFull, fullAt(2), fullAt(3))).containsExactly(false, true, false);
  }

  @Test
  void without_a_trigger_a_pass_is_full_once_the_safety_net_interval_has_passed_since_the_last_full_one() {
    fullAt(0);
    schedule.memberRemoved(null);
    long lastFull = START + INTERVAL;
    schedule.beginPass(lastFull);

    assertThat(schedule.beginPass(lastFull + NET.toMillis() - 1)).isFalse();
    assertThat(schedule.beginPass(lastFull + NET.toMillis())).isTrue();
    assertThat(schedule.beginPass(lastFull + NET.toMillis() + INTERVAL)).isFalse();
  }

  @Test
  void a_trigger_during_a_full_pass_makes_the_next_pass_full_too() {
    assertThat(fullAt(0)).isTrue();

    schedule.memberRemoved(null);

    assertThat(fullAt(1)).isTrue();
  }

  /** Begins the pass {@code intervals} pass intervals after the first; whether it is a full one. */
  private boolean fullAt(int intervals) {
    return schedule.beginPass(START + intervals * INTERVAL);
  }
}
