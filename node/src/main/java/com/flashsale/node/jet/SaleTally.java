package com.flashsale.node.jet;

import com.flashsale.node.domain.OrderCounts;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Stock;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statistics job's running state for one sale, kept by Jet per sale and saved in its snapshots (hence
 * {@link Serializable}). The totals (orders and units by status, confirmed revenue per currency) are the sale's
 * ledgers' own counts as the last {@link SaleTick} read them, so they are exact whatever the journals lost; the
 * events add what no ledger keeps: rejections, the sold-out instants, the waiting rooms' steps, and the per-second
 * series of orders and rejections (the last {@value #SERIES_SECONDS} seconds). The figures are published at most
 * once per {@value #PUBLISH_INTERVAL_MILLIS} ms, and never before the first tick has brought the totals: an event
 * publishes them only if the last publication is that old, and the next tick publishes what changed since.
 */
final class SaleTally implements Serializable {

  static final int SERIES_SECONDS = 120;
  static final long PUBLISH_INTERVAL_MILLIS = 1_000;
  private static final long serialVersionUID = 2L;

  private final EnumMap<OrderStatus, Long> orders = new EnumMap<>(OrderStatus.class);
  private final EnumMap<OrderStatus, Long> units = new EnumMap<>(OrderStatus.class);
  private final TreeMap<String, BigDecimal> revenue = new TreeMap<>();
  private final TreeMap<String, Long> rejections = new TreeMap<>();
  private final TreeMap<Long, Long> placedPerSecond = new TreeMap<>();
  private final TreeMap<Long, Long> rejectedPerSecond = new TreeMap<>();
  private final TreeMap<String, Long> soldOutAt = new TreeMap<>();
  private final TreeMap<String, RoomStats> rooms = new TreeMap<>();
  private boolean totalsRead;
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
      case OrderPlaced placed -> tick(placedPerSecond, placed.at());
      case PlacementEvent event -> add(event);
      case RoomEvent event -> rooms.put(event.productId(), rooms.getOrDefault(event.productId(), RoomStats.empty()).plus(event));
      case SaleTick tick -> readTotals(tick);
    }
    return this;
  }

  /** Takes the totals the tick read from the ledgers; answers whether they differ from the ones held. */
  private boolean readTotals(SaleTick tick) {
    EnumMap<OrderStatus, Long> newOrders = new EnumMap<>(OrderStatus.class);
    EnumMap<OrderStatus, Long> newUnits = new EnumMap<>(OrderStatus.class);
    TreeMap<String, BigDecimal> newRevenue = new TreeMap<>();
    for (OrderStatus status : OrderStatus.values()) {
      newOrders.put(status, 0L);
      newUnits.put(status, 0L);
    }
    for (Stock product : tick.products()) {
      OrderCounts counts = product.orders();
      newOrders.merge(OrderStatus.PENDING, counts.pending(), Long::sum);
      newOrders.merge(OrderStatus.CONFIRMED, counts.confirmed(), Long::sum);
      newOrders.merge(OrderStatus.CANCELLED, counts.cancelled(), Long::sum);
      newUnits.merge(OrderStatus.PENDING, (long) product.pending(), Long::sum);
      newUnits.merge(OrderStatus.CONFIRMED, (long) product.confirmed(), Long::sum);
      newUnits.merge(OrderStatus.CANCELLED, counts.cancelledUnits(), Long::sum);
      if (counts.currency() != null) {
        newRevenue.merge(counts.currency(), counts.revenue(), BigDecimal::add);
      }
    }
    boolean differ = !totalsRead || !newOrders.equals(orders) || !newUnits.equals(units) || !newRevenue.equals(revenue);
    orders.putAll(newOrders);
    units.putAll(newUnits);
    revenue.clear();
    revenue.putAll(newRevenue);
    totalsRead = true;
    return differ;
  }

  private void add(PlacementEvent event) {
    if (event.kind() == PlacementEvent.Kind.REJECTED) {
      rejections.merge(event.code(), 1L, Long::sum);
      tick(rejectedPerSecond, event.at());
    }
    // The first moment a product had no unit left: the take of the last unit says so exactly; a SOLD_OUT
    // rejection is the backstop when that mark was lost (it is fire-and-forget), never later than the truth
    // by more than the time until the next buyer came.
    boolean soldOut = event.kind() == PlacementEvent.Kind.LAST_UNIT_TAKEN || "SOLD_OUT".equals(event.code());
    if (soldOut && event.productId() != null) {
      soldOutAt.merge(event.productId(), event.at(), Math::min);
    }
  }

  private static void tick(TreeMap<Long, Long> series, long atMillis) {
    long second = Math.floorDiv(atMillis, 1000);
    series.merge(second, 1L, Long::sum);
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
