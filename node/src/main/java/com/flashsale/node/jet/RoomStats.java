package com.flashsale.node.jet;

import java.io.Serializable;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A product's waiting-room figures in the statistics job: the queue's length (tickets WAITING, as the sum of the
 * steps in {@code waiting}; read it through {@link #queueLength()}), and how many
 * tickets joined, were admitted, expired and were told SOLD_OUT, with admissions per second over the last two
 * minutes. The job keeps one per product in its {@link SaleTally} (Java-serialized in its snapshots) and
 * publishes copies in {@link SaleStats}.
 */
public record RoomStats(long waiting, long joined, long admitted, long expired, long soldOut,
    SortedMap<Long, Long> admittedPerSecond) implements Serializable {

  private static final long serialVersionUID = 1L;

  public RoomStats {
    admittedPerSecond = Collections.unmodifiableSortedMap(new TreeMap<>(admittedPerSecond));
  }

  static RoomStats empty() {
    return new RoomStats(0, 0, 0, 0, 0, new TreeMap<>());
  }

  /** These figures with the event added. */
  RoomStats plus(RoomEvent event) {
    TreeMap<Long, Long> series = new TreeMap<>(admittedPerSecond);
    if (event.admitted() > 0) {
      series.merge(Math.floorDiv(event.at(), 1000), (long) event.admitted(), Long::sum);
      series.headMap(series.lastKey() - SaleTally.SERIES_SECONDS).clear();
    }
    return new RoomStats(waiting + event.waitingDelta(), joined + event.joined(),
        admitted + event.admitted(), expired + event.expired(), soldOut + event.soldOut(), series);
  }

  /**
   * The queue's length as far as the job has seen: {@code waiting} is the plain sum of the steps, which can run
   * below zero for a moment because the journal's partitions deliver a ticket's admission and its join in either
   * order (a sum clamped at every step would lose that admission's decrement for good).
   */
  public long queueLength() {
    return Math.max(0, waiting);
  }

  /** Admissions per second over the {@code seconds} whole seconds before {@code nowMillis}. */
  public double admissionsPerSecond(long nowMillis, int seconds) {
    long current = Math.floorDiv(nowMillis, 1000);
    return admittedPerSecond.subMap(current - seconds, current).values().stream().mapToLong(Long::longValue).sum()
        / (double) seconds;
  }
}
