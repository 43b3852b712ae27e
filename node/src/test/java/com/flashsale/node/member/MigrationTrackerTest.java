package com.flashsale.node.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The migration counts a member keeps for the operator: from Hazelcast's events, and on a real join. */
class MigrationTrackerTest {

  private static final Instant T = Instant.parse("2026-11-21T10:30:00Z");

  @Test
  void a_process_is_in_progress_from_its_start_until_it_finishes_and_then_counted_with_its_time() {
    MutableClock clock = new MutableClock(T);
    MigrationTracker tracker = new MigrationTracker(clock);
    assertThat(tracker.snapshot()).isEqualTo(new MigrationTracker.Migrations(false, 0, 0, 0, 0, null));

    tracker.migrationStarted(null);
    tracker.replicaMigrationCompleted(null);
    tracker.replicaMigrationCompleted(null);
    tracker.replicaMigrationFailed(null);
    assertThat(tracker.snapshot()).isEqualTo(new MigrationTracker.Migrations(true, 1, 0, 2, 1, null));

    clock.advance(Duration.ofSeconds(3));
    tracker.migrationFinished(null);
    assertThat(tracker.snapshot()).isEqualTo(new MigrationTracker.Migrations(false, 1, 1, 2, 1, T.plusSeconds(3)));
  }

  @Test
  void a_process_that_never_finished_is_superseded_by_the_next_one() {
    MigrationTracker tracker = new MigrationTracker(new MutableClock(T));
    tracker.migrationStarted(null);

    tracker.migrationStarted(null);
    tracker.migrationFinished(null);

    assertThat(tracker.snapshot().inProgress()).isFalse();
    assertThat(tracker.snapshot().processesStarted()).isEqualTo(2);
  }

  @Test
  void a_member_joining_makes_the_first_member_count_the_migrations_it_causes() {
    try (FlashSaleCluster cluster = FlashSaleCluster.start(1)) {
      MigrationTracker first = cluster.node(0).migrations();
      assertThat(first.snapshot().processesCompleted()).as("a lone member migrates nothing").isZero();

      cluster.addMember();

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        MigrationTracker.Migrations counted = first.snapshot();
        assertThat(counted.processesCompleted()).isPositive();
        assertThat(counted.replicasCompleted()).isPositive();
        assertThat(counted.inProgress()).isFalse();
        assertThat(counted.lastCompletedAt()).isNotNull();
      });
    }
  }
}
