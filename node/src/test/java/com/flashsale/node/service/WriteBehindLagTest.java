package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When placements pause for write-behind, on clocks the test moves. */
class WriteBehindLagTest {

  private static final long NOW = 1_800_000_000_000L;
  private final AtomicLong clusterMillis = new AtomicLong(NOW);
  private final AtomicLong nanos = new AtomicLong(123_456_789L);
  /** A write delay of 1 s: placements pause once the oldest change written is more than 3 s old. */
  private final WriteBehindLag lag = new WriteBehindLag(Duration.ofSeconds(1).plus(WriteBehindLag.KEEPING_UP),
      clusterMillis::get, nanos::get);

  @Test
  void before_anything_is_written_nothing_pauses() {
    assertThat(lag.lag()).isZero();
    assertThat(lag.pause()).isZero();
  }

  @Test
  void write_behind_within_the_delay_a_wait_between_runs_and_a_run_pauses_nothing() {
    lag.written(Instant.ofEpochMilli(NOW - 3_000));

    assertThat(lag.lag()).isEqualTo(Duration.ofSeconds(3));
    assertThat(lag.pause()).isZero();
  }

  @Test
  void the_further_write_behind_falls_behind_the_longer_each_placement_pauses_up_to_the_most() {
    lag.written(Instant.ofEpochMilli(NOW - 3_001));
    Duration barely = lag.pause();
    nanos.addAndGet(Duration.ofMillis(20).toNanos());
    lag.written(Instant.ofEpochMilli(clusterMillis.get() - 3_500));
    Duration half = lag.pause();
    nanos.addAndGet(Duration.ofMillis(20).toNanos());
    lag.written(Instant.ofEpochMilli(clusterMillis.get() - 60_000));
    Duration far = lag.pause();

    assertThat(barely).isEqualTo(Duration.ofMillis(1));
    assertThat(half).isEqualTo(Duration.ofMillis(11));
    assertThat(far).isEqualTo(WriteBehindLag.MOST);
  }

  @Test
  void a_reading_older_than_fresh_pauses_nothing_as_when_postgresql_does_not_answer() {
    lag.written(Instant.ofEpochMilli(NOW - 10_000));
    nanos.addAndGet(WriteBehindLag.FRESH.toNanos());
    assertThat(lag.lag()).isEqualTo(Duration.ofSeconds(10));

    nanos.addAndGet(1);

    assertThat(lag.lag()).isZero();
    assertThat(lag.pause()).isZero();
  }

  @Test
  void a_change_stamped_ahead_of_this_members_cluster_clock_counts_as_no_lag() {
    lag.written(Instant.ofEpochMilli(NOW + 500));

    assertThat(lag.lag()).isZero();
  }

  @Test
  void the_newest_batch_decides_so_a_caught_up_write_ends_the_pause() {
    lag.written(Instant.ofEpochMilli(NOW - 30_000));
    clusterMillis.addAndGet(100);
    lag.written(Instant.ofEpochMilli(NOW - 900));

    assertThat(lag.lag()).isEqualTo(Duration.ofMillis(1_000));
    assertThat(lag.pause()).isZero();
  }

  @Test
  void a_placement_never_goes_on_before_one_that_asked_before_it_even_when_write_behind_caught_up_between_them() {
    lag.written(Instant.ofEpochMilli(NOW - 60_000));
    Duration first = lag.pause();
    nanos.addAndGet(Duration.ofMillis(5).toNanos());
    lag.written(Instant.ofEpochMilli(NOW));

    Duration second = lag.pause();

    assertThat(first).isEqualTo(WriteBehindLag.MOST);
    assertThat(second).isEqualTo(WriteBehindLag.MOST.minusMillis(5));
  }

  @Test
  void once_every_earlier_placement_may_go_on_a_caught_up_write_behind_pauses_nothing_again() {
    lag.written(Instant.ofEpochMilli(NOW - 60_000));
    lag.pause();
    lag.written(Instant.ofEpochMilli(NOW));
    nanos.addAndGet(WriteBehindLag.MOST.toNanos());

    assertThat(lag.pause()).isZero();
  }

  @Test
  void a_placement_that_asks_later_with_its_own_longer_pause_waits_its_own_pause() {
    lag.written(Instant.ofEpochMilli(NOW - 3_001));
    Duration first = lag.pause();
    nanos.addAndGet(Duration.ofNanos(100).toNanos());
    lag.written(Instant.ofEpochMilli(NOW - 60_000));

    assertThat(first).isEqualTo(Duration.ofMillis(1));
    assertThat(lag.pause()).isEqualTo(WriteBehindLag.MOST);
  }
}
