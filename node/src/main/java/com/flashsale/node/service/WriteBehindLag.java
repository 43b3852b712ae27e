package com.flashsale.node.service;

import com.flashsale.node.member.MapNames;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * How far this member's write-behind of the ledgers is behind the orders, and the placements' yield to it.
 *
 * <p>The contract promises an answered order in PostgreSQL after the write delay. Write-behind runs one transaction
 * at a time on one thread: a crowd that keeps every core busy leaves it one runnable thread's share of the CPU, and it
 * fell 4–7.5 s behind a spread run of 11,000–15,000 orders/s on two cores, so a crash of the whole cluster then would
 * have lost seconds of answered orders. So the ledger store reports, for each batch it writes, how old the oldest
 * change in it is ({@link #written}); while that is more than {@link #allowed} (the delay and a second of slack),
 * every placement first pauses ({@link #pause}), a little longer the further behind write-behind is. The crowd's
 * requests then take the CPU a little more slowly and write-behind catches up. A pause, not a refusal: a shopper
 * waits milliseconds longer and is never answered 503 for it.
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

  private final Duration allowed;
  private final LongSupplier clusterMillis;
  private final LongSupplier nanos;
  private volatile long lagMillis;
  private volatile long writtenAtNanos;

  WriteBehindLag(Duration allowed, LongSupplier clusterMillis, LongSupplier nanos) {
    this.allowed = allowed;
    this.clusterMillis = clusterMillis;
    this.nanos = nanos;
    this.writtenAtNanos = nanos.getAsLong() - FRESH.toNanos() - 1;
  }

  /**
   * The member's reading, created on first use, whoever asks first (the ledger store, the edge, the metrics): allowed
   * the write delay of map {@code ledgers} plus a second. Without a ledger store nothing is written, so nothing pauses.
   */
  public static WriteBehindLag of(HazelcastInstance member) {
    return (WriteBehindLag) member.getUserContext().computeIfAbsent(CONTEXT_KEY, key -> new WriteBehindLag(
        Duration.ofSeconds(member.getConfig().getMapConfig(MapNames.LEDGERS).getMapStoreConfig().getWriteDelaySeconds()
            + 1L), () -> member.getCluster().getClusterTime(), System::nanoTime));
  }

  /** A batch is being written whose oldest change was made at {@code oldestChange} (cluster time). */
  public void written(Instant oldestChange) {
    lagMillis = Math.max(0, clusterMillis.getAsLong() - oldestChange.toEpochMilli());
    writtenAtNanos = nanos.getAsLong();
  }

  /** The lag of the newest reading, zero when there is no fresh one. */
  public Duration lag() {
    return nanos.getAsLong() - writtenAtNanos > FRESH.toNanos() ? Duration.ZERO : Duration.ofMillis(lagMillis);
  }

  /** How long a placement pauses now: nothing while write-behind keeps up, up to {@link #MOST} the further behind. */
  public Duration pause() {
    long beyond = lag().toMillis() - allowed.toMillis();
    return beyond <= 0 ? Duration.ZERO : Duration.ofMillis(Math.min(MOST.toMillis(), 1 + beyond / LAG_PER_PAUSE_MILLI));
  }
}
