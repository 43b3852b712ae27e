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
 */
public record Timings(Duration sweepInterval, Duration inFlightGrace, Duration reconciliationInterval,
    Duration roomInterval) {

  /** A room moves at least every 250 ms: admissions flow smoothly, and everything due is well within 2 s. */
  private static final Duration ROOM_INTERVAL = Duration.ofMillis(250);

  /** Rooms move on with the sweeper: by hand when it sweeps by hand, else every 250 ms at most. */
  public Timings(Duration sweepInterval, Duration inFlightGrace, Duration reconciliationInterval) {
    this(sweepInterval, inFlightGrace, reconciliationInterval,
        sweepInterval.isZero() || sweepInterval.compareTo(ROOM_INTERVAL) < 0 ? sweepInterval : ROOM_INTERVAL);
  }

  public static Timings defaults() {
    return new Timings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));
  }
}
