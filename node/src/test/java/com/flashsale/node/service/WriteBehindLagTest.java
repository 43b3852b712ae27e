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
  /** A write delay of 1 s: placements pause once the oldest change written is more than 2 s old. */
  private final WriteBehindLag lag = new WriteBehindLag(Duration.ofSeconds(2), clusterMillis::get, nanos::get);

  @Test
  void before_anything_is_written_nothing_pauses() {
    assertThat(lag.lag()).isZero();
    assertThat(lag.pause()).isZero();
  }

  @Test
  void write_behind_within_the_delay_and_its_slack_pauses_nothing() {
    lag.written(Instant.ofEpochMilli(NOW - 2_000));

    assertThat(lag.lag()).isEqualTo(Duration.ofSeconds(2));
    assertThat(lag.pause()).isZero();
  }

  @Test
  void the_further_write_behind_falls_behind_the_longer_each_placement_pauses_up_to_the_most() {
    lag.written(Instant.ofEpochMilli(NOW - 2_001));
    Duration barely = lag.pause();
    lag.written(Instant.ofEpochMilli(NOW - 2_500));
    Duration half = lag.pause();
    lag.written(Instant.ofEpochMilli(NOW - 60_000));
    Duration far = lag.pause();

    assertThat(barely).isEqualTo(Duration.ofMillis(1));
    assertThat(half).isEqualTo(Duration.ofMillis(11));
    assertThat(far).isEqualTo(WriteBehindLag.MOST);
  }

  @Test
  void a_reading_older_than_fresh_pauses_nothing_as_when_postgresql_does_not_answer() {
    lag.written(Instant.ofEpochMilli(NOW - 10_000));
    nanos.addAndGet(WriteBehindLag.FRESH.toNanos());
    assertThat(lag.pause()).isPositive();

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
}
