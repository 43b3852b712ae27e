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
 * {@link Serializable}). Each order move takes an order, its units and, out of or into CONFIRMED, its amount
 * from one status and adds them to another, so every order is counted exactly once, at its latest status,
 * however many transitions it went through. Per-second series keep the last {@value #SERIES_SECONDS} seconds.
 * The figures are published at most once per {@value #PUBLISH_INTERVAL_MILLIS} ms: an event publishes them
 * only if the last publication is that old, and the next {@link SaleTick} publishes what changed since.
 */
final class SaleTally implements Serializable {

  static final int SERIES_SECONDS = 120;
  static final long PUBLISH_INTERVAL_MILLIS = 1_000;
  private static final long serialVersionUID = 1L;

  private final EnumMap<OrderStatus, Long> orders = new EnumMap<>(OrderStatus.class);
  private final EnumMap<OrderStatus, Long> units = new EnumMap<>(OrderStatus.class);
  private final TreeMap<String, BigDecimal> revenue = new TreeMap<>();
  private final TreeMap<String, Long> rejections = new TreeMap<>();
  private final TreeMap<Long, Long> placedPerSecond = new TreeMap<>();
  private final TreeMap<Long, Long> rejectedPerSecond = new TreeMap<>();
  private final TreeMap<String, Long> soldOutAt = new TreeMap<>();
  private final TreeMap<String, RoomStats> rooms = new TreeMap<>();
  private boolean changed;
  private long publishedAt = -PUBLISH_INTERVAL_MILLIS;

  /**
   * Applies the input, and answers the sale's figures if they are due to be published (null otherwise, which
   * Jet drops): a change when the last publication is older than the interval, or a tick after a change.
   */
  SaleStats accept(String saleId, SaleInput input, long now) {
    if (!(input instanceof SaleTick)) {
      add(input);
      changed = true;
    }
    boolean due = input instanceof SaleTick || now - publishedAt >= PUBLISH_INTERVAL_MILLIS;
    if (!changed || !due) {
      return null;
    }
    changed = false;
    publishedAt = now;
    return figures(saleId, now);
  }

  SaleTally add(SaleInput input) {
    if (input instanceof OrderMove move) {
      add(move);
    } else if (input instanceof PlacementEvent event) {
      add(event);
    } else if (input instanceof RoomEvent event) {
      rooms.put(event.productId(), rooms.getOrDefault(event.productId(), RoomStats.empty()).plus(event));
    }
    return this;
  }

  private void add(OrderMove move) {
    if (move.from() != null) {
      count(move.from(), move, -1);
    }
    if (move.to() != null) {
      count(move.to(), move, +1);
    }
    if (move.placedAt() > 0) {
      tick(placedPerSecond, move.placedAt());
    }
  }

  private void count(OrderStatus status, OrderMove move, int sign) {
    orders.merge(status, (long) sign, Long::sum);
    units.merge(status, (long) sign * move.quantity(), Long::sum);
    if (status == OrderStatus.CONFIRMED) {
      BigDecimal amount = sign > 0 ? move.amount() : move.amount().negate();
      revenue.merge(move.currency(), amount, BigDecimal::add);
    }
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
