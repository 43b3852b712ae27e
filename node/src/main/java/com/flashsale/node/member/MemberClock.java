package com.flashsale.node.member;

import java.time.Clock;
import java.time.Duration;

/**
 * This member's own clock, as Hazelcast reads it: the system clock plus {@code -Dcom.hazelcast.clock.offset}
 * (milliseconds, Hazelcast's {@code ClusterClock} honours it). A member started with an offset then runs off in
 * everything it reads locally, as on a machine whose clock is wrong, not only in Hazelcast's half; the fault
 * harness uses that to check that what must agree across members (the sale window, expiry, the order's times)
 * is decided on cluster time, on the partition that owns the ledger, never on this clock.
 */
public final class MemberClock {

  static final String OFFSET_PROPERTY = "com.hazelcast.clock.offset";

  private MemberClock() {}

  public static Clock system() {
    long offset = Long.getLong(OFFSET_PROPERTY, 0L);
    return offset == 0 ? Clock.systemUTC() : Clock.offset(Clock.systemUTC(), Duration.ofMillis(offset));
  }
}
