package com.flashsale.node.service;

import com.flashsale.node.member.MapNames;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How far this member's write-behind of the ledgers is behind the orders, and the placements' yield to it.
 *
 * <p>The contract promises an answered order in PostgreSQL after the write delay. Write-behind runs one transaction
 * at a time on one thread: a crowd that keeps every core busy leaves it one runnable thread's share of the CPU, and it
 * fell 4–7.5 s behind a spread run of 11,000–15,000 orders/s on two cores, so a crash of the whole cluster then would
 * have lost seconds of answered orders. So the ledger store reports, for each batch it writes, how old the oldest
 * change in it is ({@link #written}); while that is more than the write delay and {@link #KEEPING_UP}, every
 * placement first pauses ({@link #pause}), a little longer the further behind write-behind is. The crowd's requests
 * then take the CPU a little more slowly and write-behind catches up. A pause, not a refusal: a shopper waits
 * milliseconds longer and is never answered 503 for it.
 *
 * <p>Allowed is what a write-behind that keeps up shows: the delay, plus the second Hazelcast's store worker waits
 * between two runs (counted from the end of the last one, so a change may wait that long after its delay), plus a
 * second for the run itself to write. With the slack of one second only, a member at half its highest rate paused
 * placements whenever one run took a few hundred milliseconds.
 *
 * <p>Pauses keep arrival order: a placement is never let go before one that asked before it, so a pause that
 * shrinks between two placements cannot put the later one first (the contract's arrival order per product).
 *
 * <p>Only a fresh reading counts: when no batch has been written for {@link #FRESH} (nothing to write, or PostgreSQL
 * does not answer, when pausing would not help), placements do not pause.
 */
public final class WriteBehindLag {

  private static final String CONTEXT_KEY = WriteBehindLag.class.getName();
  /** How long a batch's reading stands; batches are written every second while there is anything to write. */
  static final Duration FRESH = Duration.ofSeconds(3);
  /** The longest pause of one placement. */
  static final Duration MOST = Duration.ofMillis(20);
  /** One millisecond of pause for every this many milliseconds of lag beyond the allowed. */
  private static final long LAG_PER_PAUSE_MILLI = 50;
  /** What write-behind adds to the write delay while it keeps up: the store worker's second between runs, and a run. */
  static final Duration KEEPING_UP = Duration.ofSeconds(2);

  private final long allowedMillis;
  private final LongSupplier clusterMillis;
  private final LongSupplier nanos;
  private volatile long lagMillis;
  private volatile long writtenAtNanos;
  /** When the latest paused placement may go on (the nanos clock): no later one goes before it. */
  private final AtomicLong releasedUntil;

  WriteBehindLag(Duration allowed, LongSupplier clusterMillis, LongSupplier nanos) {
    this.allowedMillis = allowed.toMillis();
    this.clusterMillis = clusterMillis;
    this.nanos = nanos;
    this.writtenAtNanos = nanos.getAsLong() - FRESH.toNanos() - 1;
    this.releasedUntil = new AtomicLong(nanos.getAsLong());
  }

  /**
   * The member's reading, created on first use, whoever asks first (the ledger store, the edge, the metrics): allowed
   * the write delay of map {@code ledgers} plus {@link #KEEPING_UP}. Without a ledger store nothing is written, so
   * nothing pauses.
   */
  public static WriteBehindLag of(HazelcastInstance member) {
    return (WriteBehindLag) member.getUserContext().computeIfAbsent(CONTEXT_KEY, key -> new WriteBehindLag(
        Duration.ofSeconds(member.getConfig().getMapConfig(MapNames.LEDGERS).getMapStoreConfig().getWriteDelaySeconds())
            .plus(KEEPING_UP), () -> member.getCluster().getClusterTime(), System::nanoTime));
  }

  /** A batch is being written whose oldest change was made at {@code oldestChange} (cluster time). */
  public void written(Instant oldestChange) {
    lagMillis = Math.max(0, clusterMillis.getAsLong() - oldestChange.toEpochMilli());
    writtenAtNanos = nanos.getAsLong();
  }

  /** The lag of the newest reading, zero when there is no fresh one. */
  public Duration lag() {
    return Duration.ofMillis(lagMillisAt(nanos.getAsLong()));
  }

  private long lagMillisAt(long now) {
    return now - writtenAtNanos > FRESH.toNanos() ? 0 : lagMillis;
  }

  /**
   * How long a placement that asks now pauses: nothing while write-behind keeps up and no earlier placement still
   * waits; else its own pause, up to {@link #MOST} the further behind write-behind is, and at least until every
   * placement that asked before it may go on. One clock reading and no allocation while nothing pauses: every
   * placement asks.
   */
  public Duration pause() {
    long now = nanos.getAsLong();
    long own = ownPauseNanos(now);
    if (own == 0 && releasedUntil.get() - now <= 0) {
      return Duration.ZERO;
    }
    long release = releasedUntil.accumulateAndGet(now + own, (latest, wanted) -> wanted - latest > 0 ? wanted : latest);
    return Duration.ofNanos(Math.max(0, release - now));
  }

  /** The pause the lag alone asks for: 1 ms just past the allowed, 1 ms more per 50 ms beyond, at most {@link #MOST}. */
  private long ownPauseNanos(long now) {
    long beyond = lagMillisAt(now) - allowedMillis;
    return beyond <= 0 ? 0 : Math.min(MOST.toNanos(), TimeUnit.MILLISECONDS.toNanos(1 + beyond / LAG_PER_PAUSE_MILLI));
  }
}
