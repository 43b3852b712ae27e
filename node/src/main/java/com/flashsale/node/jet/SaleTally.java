package com.flashsale.node.jet;

import com.flashsale.node.domain.OrderStatus;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.EnumMap;
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
  private static final long serialVersionUID = 3L;

  private final EnumMap<OrderStatus, Long> orders = new EnumMap<>(OrderStatus.class);
  private final EnumMap<OrderStatus, Long> units = new EnumMap<>(OrderStatus.class);
  private final TreeMap<String, BigDecimal> revenue = new TreeMap<>();
  private final TreeMap<String, Long> rejections = new TreeMap<>();
  private final TreeMap<Long, Long> placedPerSecond = new TreeMap<>();
  private final TreeMap<Long, Long> rejectedPerSecond = new TreeMap<>();
  private final TreeMap<String, Long> soldOutAt = new TreeMap<>();
  private final TreeMap<String, RoomStats> rooms = new TreeMap<>();
  private boolean totalsRead;
  /** Every order the sale's ledgers held at the last tick, whatever its status. */
  private long ordersSeen;
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
    if (!changed || !due || !totalsRead) {
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
    SaleTotals totals = tick.totals();
    long placed = totals.orders() - (totalsRead ? ordersSeen : 0);
    if ((totalsRead || tick.newSale()) && placed > 0) {
      tick(placedPerSecond, tick.at(), placed);
    }
    ordersSeen = totals.orders();
    EnumMap<OrderStatus, Long> newOrders = new EnumMap<>(Map.of(OrderStatus.PENDING, totals.pendingOrders(),
        OrderStatus.CONFIRMED, totals.confirmedOrders(), OrderStatus.CANCELLED, totals.cancelledOrders()));
    EnumMap<OrderStatus, Long> newUnits = new EnumMap<>(Map.of(OrderStatus.PENDING, totals.pendingUnits(),
        OrderStatus.CONFIRMED, totals.confirmedUnits(), OrderStatus.CANCELLED, totals.cancelledUnits()));
    boolean differ = !totalsRead || !newOrders.equals(orders) || !newUnits.equals(units)
        || !totals.revenue().equals(revenue);
    orders.clear();
    orders.putAll(newOrders);
    units.clear();
    units.putAll(newUnits);
    revenue.clear();
    revenue.putAll(totals.revenue());
    totalsRead = true;
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
    Map<String, Long> orderCounts = new LinkedHashMap<>();
    Map<String, Long> unitCounts = new LinkedHashMap<>();
    for (OrderStatus status : new OrderStatus[] {OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.CANCELLED}) {
      orderCounts.put(status.name(), orders.getOrDefault(status, 0L));
      unitCounts.put(status.name(), units.getOrDefault(status, 0L));
    }
    return new SaleStats(saleId, now, orderCounts, unitCounts, revenue, rejections, placedPerSecond,
        rejectedPerSecond, soldOutAt, rooms);
  }
}
