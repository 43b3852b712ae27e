package com.flashsale.node.member;

import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts the partition migrations this member has been told about since it started, for the operator's
 * cluster view and the metrics: whether a migration process (the master's plan after a member joins or leaves)
 * is running now, how many processes have finished, and how many partition replicas moved or failed to.
 *
 * <p>These are this member's view: migration events come from the master to every member's listener, but a
 * member counts only what happened after it registered, so two members started at different times show
 * different totals. {@code inProgress} follows the latest process only: if the master dies mid-process its
 * "finished" never comes, and the next master's process (there always is one) resets the flag.
 */
public final class MigrationTracker implements MigrationListener {

  private final Clock clock;
  private final AtomicBoolean inProgress = new AtomicBoolean();
  private final AtomicLong processesStarted = new AtomicLong();
  private final AtomicLong processesCompleted = new AtomicLong();
  private final AtomicLong replicasCompleted = new AtomicLong();
  private final AtomicLong replicasFailed = new AtomicLong();
  private final AtomicReference<Instant> lastCompletedAt = new AtomicReference<>();

  public MigrationTracker(Clock clock) {
    this.clock = clock;
  }

  /** What the tracker has counted so far; {@code lastCompletedAt} is null until a process has finished. */
  public record Migrations(boolean inProgress, long processesStarted, long processesCompleted, long replicasCompleted,
      long replicasFailed, Instant lastCompletedAt) {}

  public Migrations snapshot() {
    return new Migrations(inProgress.get(), processesStarted.get(), processesCompleted.get(), replicasCompleted.get(),
        replicasFailed.get(), lastCompletedAt.get());
  }

  @Override
  public void migrationStarted(MigrationState state) {
    processesStarted.incrementAndGet();
    inProgress.set(true);
  }

  @Override
  public void migrationFinished(MigrationState state) {
    processesCompleted.incrementAndGet();
    lastCompletedAt.set(clock.instant());
    inProgress.set(false);
  }

  @Override
  public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
    replicasCompleted.incrementAndGet();
  }

  @Override
  public void replicaMigrationFailed(ReplicaMigrationEvent event) {
    replicasFailed.incrementAndGet();
  }
}
