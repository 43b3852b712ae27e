package com.flashsale.node.member;

import java.time.Duration;

/**
 * The member's clocks for settling holds.
 *
 * @param sweepInterval how often each member sweeps its due holds (expiry is at most this late)
 * @param orphanGrace how long past its deadline a hold without an order is assumed to be in flight; far
 *     longer than any placement can take, so only holds of dead placements are voided
 * @param inFlightGrace how long an idempotency key with no order yet is reported as in progress
 * @param confirmGrace the hold deadline of orders confirmed as they are placed (no payment window)
 */
public record Timings(Duration sweepInterval, Duration orphanGrace, Duration inFlightGrace, Duration confirmGrace) {

  public static Timings defaults() {
    return new Timings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(5));
  }
}
