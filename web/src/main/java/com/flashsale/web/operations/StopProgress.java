package com.flashsale.web.operations;

import com.flashsale.mapstore.DatabaseCheck;
import com.flashsale.mapstore.Persistence;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's stop, as far as PostgreSQL is concerned. A member that leaves a cluster of others hands its partitions
 * over, write-behind queues included, and owes the database nothing. The last member holds the only copy of the
 * changes write-behind has not written yet, and Hazelcast's flush on shutdown gives up on what PostgreSQL refuses:
 * stopped during an outage, the member exited 0 without them (orders answered 201 missing from PostgreSQL,
 * {@code StopDuringOutageIT}). So the last member first waits until write-behind has written everything
 * ({@link #awaitWrittenIfLast}), however long PostgreSQL is away, and says every {@code every} what it waits
 * for, what it still owes, and what killing it would cost. Members stopped together each see the others when
 * they begin; whichever ends up owning the changes holds them in its flush on shutdown instead
 * ({@link Persistence#stopping()}), and the reports say so too.
 */
public final class StopProgress implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StopProgress.class);

  /** How often the last member looks at what write-behind still owes. */
  private static final Duration POLL = Duration.ofMillis(500);
  /** Write-behind's delay: "nothing owed" counts once it has held that long, past a batch in flight. */
  private static final Duration SETTLED = Duration.ofSeconds(1);

  private final Supplier<DatabaseCheck> database;
  private final LongSupplier owed;
  /** Whether the member's flush on shutdown holds changes until PostgreSQL answers ({@link Persistence#stopping()}). */
  private final BooleanSupplier flushWaiting;
  private final Duration every;
  private final Thread watcher;
  /** True while the last member waits for write-behind ({@link #awaitWrittenIfLast}), what the reports tell. */
  private volatile boolean lastMemberWriting;

  StopProgress(Supplier<DatabaseCheck> database, LongSupplier owed, BooleanSupplier flushWaiting, Duration every) {
    this.database = database;
    this.owed = owed;
    this.flushWaiting = flushWaiting;
    this.every = every;
    this.watcher = Thread.ofPlatform().daemon().name("stop-progress").unstarted(this::watch);
  }

  /** Starts reporting on the member {@code persistence} belongs to; close it once the member has stopped. */
  public static StopProgress watch(Persistence persistence, Duration every) {
    StopProgress progress = new StopProgress(persistence::checkDatabase, () -> owedBy(persistence),
        persistence::holdsWritesForDatabase, every);
    progress.watcher.start();
    return progress;
  }

  /** The changes this member owes PostgreSQL, or -1 when the stopping member cannot say any more. */
  private static long owedBy(Persistence persistence) {
    try {
      return persistence.writeBehindBacklogTotal();
    } catch (RuntimeException shutDown) {
      return -1;
    }
  }

  /**
   * Returns once write-behind owes PostgreSQL nothing on this member and has stayed so for a write delay, or at
   * once when {@code members} says the cluster has others (they take the partitions and their queues). Without a
   * bound: what the last member owes has no other copy, so it waits for the database; the reports say so, and
   * that a kill drops it. Returns at once, too, when the member is no longer running (nothing left to ask).
   */
  public void awaitWrittenIfLast(IntSupplier members) {
    long nothingOwedSince = -1;
    try {
      while (alone(members)) {
        lastMemberWriting = true;
        long now = System.nanoTime();
        if (owed.getAsLong() != 0) {
          nothingOwedSince = -1;
        } else if (nothingOwedSince < 0) {
          nothingOwedSince = now;
        } else if (now - nothingOwedSince >= SETTLED.toNanos()) {
          return;
        }
        Thread.sleep(POLL);
      }
    } catch (InterruptedException stopNow) {
      Thread.currentThread().interrupt();
    } finally {
      lastMemberWriting = false;
    }
  }

  private static boolean alone(IntSupplier members) {
    try {
      return members.getAsInt() <= 1;
    } catch (RuntimeException notRunning) {
      return false;
    }
  }

  private void watch() {
    long started = System.nanoTime();
    try {
      while (true) {
        Thread.sleep(every);
        report(Duration.ofNanos(System.nanoTime() - started));
      }
    } catch (InterruptedException stopped) {
      // The member has stopped: nothing left to report.
    }
  }

  /** One report, {@code took} into the stop. */
  void report(Duration took) {
    boolean flushing = flushWaiting.getAsBoolean();
    if (!lastMemberWriting && !flushing) {
      LOG.info("Still stopping after {} s: the API's calls in flight finish first, then the member leaves the cluster",
          took.toSeconds());
      return;
    }
    long changes = owed.getAsLong();
    // Hazelcast's flush on shutdown takes the changes out of the queues it counts: the number means nothing then.
    boolean known = changes > 0 && !flushing;
    String counted = known ? changes + " changes" : "changes";
    DatabaseCheck check = database.get();
    if (check.answers()) {
      LOG.info("Still stopping after {} s: the member writes what it owes PostgreSQL{} before it leaves",
          took.toSeconds(), known ? " (" + changes + " changes left)" : "");
    } else {
      LOG.warn("Still stopping after {} s: PostgreSQL does not answer ({}), and {} that no other member holds are "
              + "not yet written to it. The member waits for the database before it exits, so that no confirmed "
              + "order is dropped. Killing it now (kill -9, or a supervisor's stop timeout) drops those changes: "
              + "their orders are lost, and their units come back on the next start.",
          took.toSeconds(), check.problem(), counted);
    }
  }

  @Override
  public void close() {
    watcher.interrupt();
  }
}
