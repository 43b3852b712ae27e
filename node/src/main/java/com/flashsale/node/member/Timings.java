package com.flashsale.node.member;

import java.time.Duration;

/**
 * The member's clocks for background work.
 *
 * @param sweepInterval how often each member expires its due unpaid orders (expiry is at most this late);
 *     zero for tests that sweep by hand
 * @param inFlightGrace how long a change counts as in flight for reconciliation, which judges only older ones
 * @param reconciliationInterval how often the oldest member reconciles; zero for tests that reconcile by hand
 */
public record Timings(Duration sweepInterval, Duration inFlightGrace, Duration reconciliationInterval) {

  public static Timings defaults() {
    return new Timings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));
  }
}
