package com.flashsale.node.jet;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps background work to a rate: each piece of work of {@code units} is given its start, that many units' time
 * after the previous piece's, never before now. Reconciliation is paced by orders so that a run over hundreds of
 * thousands of changed orders takes a share of the cores for longer rather than both of them for a few seconds,
 * while the crowd that changed them waits behind it. Thread-safe; one per member and stage.
 */
final class Pace {

  private final long nanosPerUnit;
  private final LongSupplier nanoTime;
  private long next;

  Pace(int unitsPerSecond) {
    this(unitsPerSecond, System::nanoTime);
  }

  /** @param nanoTime the time in nanoseconds, as {@link System#nanoTime()} tells it */
  Pace(int unitsPerSecond, LongSupplier nanoTime) {
    this.nanosPerUnit = TimeUnit.SECONDS.toNanos(1) / unitsPerSecond;
    this.nanoTime = nanoTime;
    this.next = nanoTime.getAsLong();
  }

  /** How long, in nanoseconds from now, work of {@code units} must wait for its turn; 0 when it may go now. */
  synchronized long take(int units) {
    long now = nanoTime.getAsLong();
    long start = next - now > 0 ? next : now;
    next = start + units * nanosPerUnit;
    return start - now;
  }

  /**
   * For work whose size is known only once it is done: counts {@code units} as work that went now (or at its turn),
   * and answers how long, in nanoseconds from now, the next work must wait.
   */
  synchronized long took(int units) {
    return take(units) + units * nanosPerUnit;
  }
}
