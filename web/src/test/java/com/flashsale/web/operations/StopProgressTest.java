package com.flashsale.web.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.mapstore.DatabaseCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When the stopping member waits for write-behind: only as the cluster's last member, until it owes nothing. */
class StopProgressTest {

  private final AtomicLong owed = new AtomicLong();
  private final AtomicInteger members = new AtomicInteger(1);
  private final StopProgress progress = new StopProgress(
      () -> new DatabaseCheck(false, Duration.ZERO, "connection refused"), owed::get, () -> false, Duration.ofHours(1));

  @Test
  void the_last_member_waits_while_write_behind_owes_postgresql_changes() {
    owed.set(12);
    CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> progress.awaitWrittenIfLast(members::get));

    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !waiting.isDone());
    progress.report(Duration.ofSeconds(10));  // the outage's report, while it waits (read in the IT's log)
    owed.set(0);
    await("done once nothing is owed for a write delay").atMost(Duration.ofSeconds(5)).until(waiting::isDone);
  }

  @Test
  void nothing_owed_counts_only_once_it_has_held_for_a_write_delay() {
    CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> progress.awaitWrittenIfLast(members::get));

    await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(1)).until(() -> !waiting.isDone());
    await().atMost(Duration.ofSeconds(3)).until(waiting::isDone);
  }

  @Test
  void a_member_with_others_does_not_wait_they_take_its_partitions_and_queues() {
    owed.set(12);
    members.set(2);

    assertThat(CompletableFuture.runAsync(() -> progress.awaitWrittenIfLast(members::get)))
        .succeedsWithin(Duration.ofSeconds(1));
  }

  @Test
  void the_wait_ends_when_the_last_member_is_joined_by_another() {
    owed.set(12);
    CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> progress.awaitWrittenIfLast(members::get));

    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
    members.set(2);
    assertThat(waiting).succeedsWithin(Duration.ofSeconds(2));
  }

  @Test
  void a_member_no_longer_running_does_not_wait() {
    owed.set(-1);

    assertThat(CompletableFuture.runAsync(() -> progress.awaitWrittenIfLast(() -> {
      throw new IllegalStateException("Hazelcast instance is not active!");
    }))).succeedsWithin(Duration.ofSeconds(1));
  }
}
