package com.flashsale.node.member;

import java.time.Duration;

/**
 * The member's clocks for settling holds.
 *
 * @param sweepInterval how often each member sweeps its due holds (expiry is at most this late)
 * @param orphanGrace how long past its deadline a hold without an order is assumed to be in flight; far
 *     longer than any placement can take, so only holds of dead placements are voided
 * @param inFlightGrace how long a change counts as in flight for reconciliation, which judges only older ones
 * @param confirmGrace how soon after a take the sweeper first looks at the hold (was its order recorded?)
 */
public record Timings(Duration sweepInterval, Duration orphanGrace, Duration inFlightGrace, Duration confirmGrace) {

  public static Timings defaults() {
    return new Timings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(5));
  }
}
