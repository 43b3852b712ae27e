package com.flashsale.mapstore;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides which re-persist passes read every entry their member owns: those that follow an event after which a
 * write can have been lost, and one at least every {@code safetyNet}. Write-behind loses a write only with the
 * queue that held it: the owner keeps retrying a failed store, but a backup drops its copy after the write delay
 * plus a few seconds, so a member that dies while PostgreSQL is away takes writes with it that its partitions'
 * new owners never had queued. Hence the triggers: start (nothing is known yet), a member that left (its
 * backups took over), a migration process that finished (a scan racing the partitions' moves after a loss may
 * have missed some, and the master's plan ends only once they have settled), and a pass that failed (PostgreSQL
 * unreachable is when backups drop writes). The safety net catches a loss none of them foresaw.
 *
 * <p>Listeners are called on Hazelcast's event threads, the passes on their own: a trigger is a flag that the
 * next pass to begin takes, so one that arrives during a full pass makes the next pass full too.
 */
final class FullScanSchedule implements MembershipListener, MigrationListener {

  private final long safetyNetMillis;
  private final AtomicBoolean triggered = new AtomicBoolean(true);
  /** Read and written only by {@link #beginPass}, which the passes call one at a time. */
  private long lastFullScanAt;

  FullScanSchedule(Duration safetyNet) {
    this.safetyNetMillis = safetyNet.toMillis();
  }

  /** Whether the pass beginning {@code now} (epoch millis) must read every entry: a trigger since, or the net. */
  boolean beginPass(long now) {
    boolean due = triggered.getAndSet(false) || now - lastFullScanAt >= safetyNetMillis;
    if (due) {
      lastFullScanAt = now;
    }
    return due;
  }

  /** A pass that threw: PostgreSQL may be away, and writes may be dropped until it is back. */
  void passFailed() {
    triggered.set(true);
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    triggered.set(true);
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    // Nothing lost: partitions move to it with their write-behind queues, and the process's end triggers a scan.
  }

  @Override
  public void migrationFinished(MigrationState state) {
    triggered.set(true);
  }

  @Override
  public void migrationStarted(MigrationState state) {
    // The scan waits for the end of the process, when the partitions are where they will stay.
  }

  @Override
  public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
    // One replica of many: the process's end covers it.
  }

  @Override
  public void replicaMigrationFailed(ReplicaMigrationEvent event) {
    // A replica that did not move stays with its owner, queue and all.
  }
}
