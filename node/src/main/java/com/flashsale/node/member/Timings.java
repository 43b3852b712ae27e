package com.flashsale.node.member;

import java.time.Duration;

/**
 * The member's clocks for background work.
 *
 * @param sweepInterval how often each member expires its due unpaid orders (expiry is at most this late);
 *     zero for tests that sweep by hand
 * @param inFlightGrace how long a change counts as in flight for reconciliation, which judges only older ones
 * @param reconciliationInterval how often the oldest member reconciles; zero for tests that reconcile by hand
 * @param roomInterval how often each member moves its waiting rooms on (admissions, expiries and SOLD_OUT are at
 *     most this late); zero for tests that move them by hand
 * @param reconciliationPace orders a second a reconciliation run reads in its pass over the changed ledgers, which
 *     has one reader for the cluster ({@code FLASHSALE_RECONCILIATION_PACE})
 */
public record Timings(Duration sweepInterval, Duration inFlightGrace, Duration reconciliationInterval,
    Duration roomInterval, int reconciliationPace) {

  /** A room moves at least every 250 ms: admissions flow smoothly, and everything due is well within 2 s. */
  private static final Duration ROOM_INTERVAL = Duration.ofMillis(250);

  /**
   * The default reconciliation pace. A run costs about 20 µs of CPU per changed order (2026-11-28, one member);
   * unpaced, a run over 330,000 orders took 75-90 % of the two cores for 4.5 s, and 4 connections placing orders
   * beside it fell from about 2,400 to 350-1,000 orders/s with a p99 of 30-50 ms for those seconds. At this pace a
   * run over 380,000 orders took 37 s, and the same placements about 1,500/s with a p99 of 12-46 ms.
   */
  public static final int DEFAULT_RECONCILIATION_PACE = 20_000;

  public Timings {
    if (reconciliationPace < 1) {
      throw new IllegalArgumentException("the reconciliation pace must be at least 1 order per second");
    }
  }

  /** Rooms move on with the sweeper: by hand when it sweeps by hand, else every 250 ms at most. */
  public Timings(Duration sweepInterval, Duration inFlightGrace, Duration reconciliationInterval) {
    this(sweepInterval, inFlightGrace, reconciliationInterval,
        sweepInterval.isZero() || sweepInterval.compareTo(ROOM_INTERVAL) < 0 ? sweepInterval : ROOM_INTERVAL,
        DEFAULT_RECONCILIATION_PACE);
  }

  public static Timings defaults() {
    return new Timings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));
  }

  /** These timings with another reconciliation pace (orders a second, as {@link #reconciliationPace}). */
  public Timings withReconciliationPace(int ordersPerSecond) {
    return new Timings(sweepInterval, inFlightGrace, reconciliationInterval, roomInterval, ordersPerSecond);
  }
}
