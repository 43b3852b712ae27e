package com.flashsale.node.jet;

import com.flashsale.node.domain.OrderStatus;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statistics job's running state for one sale, kept by Jet per sale and saved in its snapshots (hence
 * {@link Serializable}). The totals (orders and units by status, confirmed revenue per currency) are the sale's
 * ledgers' own counts as the last {@link SaleTick} read them, so they are exact whatever a journal lost, and the
 * growth of their order count from tick to tick is the orders-per-second series; the events add what no ledger
 * keeps: rejections (and their per-second series), the sold-out instants, the waiting rooms' steps. The series keep
 * the last {@value #SERIES_SECONDS} seconds. The figures are published at most
 * once per {@value #PUBLISH_INTERVAL_MILLIS} ms, and never before the first tick has brought the totals: an event
 * publishes them only if the last publication is that old, and the next tick publishes what changed since.
 */
final class SaleTally implements Serializable {

  static final int SERIES_SECONDS = 120;
  static final long PUBLISH_INTERVAL_MILLIS = 1_000;
  private static final long serialVersionUID = 4L;

  private final TreeMap<String, Long> rejections = new TreeMap<>();
  private final TreeMap<Long, Long> placedPerSecond = new TreeMap<>();
  private final TreeMap<Long, Long> rejectedPerSecond = new TreeMap<>();
  private final TreeMap<String, Long> soldOutAt = new TreeMap<>();
  private final TreeMap<String, RoomStats> rooms = new TreeMap<>();
  /** The sale's figures as the last tick read them from its ledgers; null before the first tick. */
  private SaleTotals totals;
  private boolean changed;
  private long publishedAt = -PUBLISH_INTERVAL_MILLIS;

  /**
   * Applies the input, and answers the sale's figures if they are due to be published (null otherwise, which
   * Jet drops): a change when the last publication is older than the interval, or a tick after a change.
   */
  SaleStats accept(String saleId, SaleInput input, long now) {
    if (input instanceof SaleTick tick) {
      changed |= readTotals(tick);
    } else {
      add(input);
      changed = true;
    }
    boolean due = input instanceof SaleTick || now - publishedAt >= PUBLISH_INTERVAL_MILLIS;
    if (!changed || !due || totals == null) {
      return null;
    }
    changed = false;
    publishedAt = now;
    return figures(saleId, now);
  }

  SaleTally add(SaleInput input) {
    switch (input) {
      case PlacementEvent event -> add(event);
      case RoomEvent event -> rooms.put(event.productId(), rooms.getOrDefault(event.productId(), RoomStats.empty()).plus(event));
      case SaleTick tick -> readTotals(tick);
    }
    return this;
  }

  /**
   * Takes the totals the tick read from the ledgers, and counts the orders placed since the previous tick into the
   * orders-per-second series (at the tick's second): orders only ever join a ledger, so the growth of their count
   * is the placements in between. The first tick of a sale that was there before the ticker (a job started afresh)
   * only sets where counting starts. Answers whether the totals differ from the ones held.
   */
  private boolean readTotals(SaleTick tick) {
    SaleTotals read = tick.totals();
    long placed = read.orders() - (totals == null ? 0 : totals.orders());
    if ((totals != null || tick.newSale()) && placed > 0) {
      tick(placedPerSecond, tick.at(), placed);
    }
    boolean differ = !read.equals(totals);
    totals = read;
    return differ;
  }

  private void add(PlacementEvent event) {
    if (event.kind() == PlacementEvent.Kind.REJECTED) {
      rejections.merge(event.code(), 1L, Long::sum);
      tick(rejectedPerSecond, event.at(), 1);
    }
    // The first moment a product had no unit left: the take of the last unit says so exactly; a SOLD_OUT
    // rejection is the backstop when that mark was lost (it is fire-and-forget), never later than the truth
    // by more than the time until the next buyer came.
    boolean soldOut = event.kind() == PlacementEvent.Kind.LAST_UNIT_TAKEN || "SOLD_OUT".equals(event.code());
    if (soldOut && event.productId() != null) {
      soldOutAt.merge(event.productId(), event.at(), Math::min);
    }
  }

  private static void tick(TreeMap<Long, Long> series, long atMillis, long count) {
    long second = Math.floorDiv(atMillis, 1000);
    series.merge(second, count, Long::sum);
    series.headMap(series.lastKey() - SERIES_SECONDS).clear();
  }

  /** The figures as they stand, for the {@code sale-stats} map. */
  SaleStats figures(String saleId, long now) {
    SaleTotals read = totals == null ? SaleTotals.none(saleId) : totals;
    Map<String, Long> orderCounts = new LinkedHashMap<>();
    orderCounts.put(OrderStatus.PENDING.name(), read.pendingOrders());
    orderCounts.put(OrderStatus.CONFIRMED.name(), read.confirmedOrders());
    orderCounts.put(OrderStatus.CANCELLED.name(), read.cancelledOrders());
    Map<String, Long> unitCounts = new LinkedHashMap<>();
    unitCounts.put(OrderStatus.PENDING.name(), read.pendingUnits());
    unitCounts.put(OrderStatus.CONFIRMED.name(), read.confirmedUnits());
    unitCounts.put(OrderStatus.CANCELLED.name(), read.cancelledUnits());
    return new SaleStats(saleId, now, orderCounts, unitCounts, read.revenue(), rejections, placedPerSecond,
        rejectedPerSecond, soldOutAt, rooms);
  }
}
