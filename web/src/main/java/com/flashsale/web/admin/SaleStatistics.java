package com.flashsale.web.admin;

import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.jet.RoomStats;
import com.flashsale.node.jet.SaleStats;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.service.Grid;
import com.flashsale.node.service.SaleService;
import com.hazelcast.map.IMap;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A sale's live figures as the API and the dashboard show them: what the streaming statistics job
 * ({@code SaleStatisticsJob}) last wrote to the {@code sale-stats} map (orders and units by status, revenue,
 * rejections by code, per-second series, sold-out instants), with rates averaged up to now, and each product's
 * live stock read from the stock map (the job does not follow the stock), and for a sale with a waiting room each
 * product's queue as the job counted it. A sale without figures yet (nothing
 * has happened in it) shows zeros.
 */
final class SaleStatistics {

  /** The span of the per-second series the dashboard draws. */
  static final int SERIES_SECONDS = 60;
  private static final List<String> STATUSES = List.of("PENDING", "CONFIRMED", "CANCELLED");

  private final SaleService sales;
  private final IMap<String, SaleStats> figures;
  private final Clock clock;

  SaleStatistics(Grid grid, SaleService sales, Clock clock) {
    this.sales = sales;
    this.figures = grid.instance().getMap(MapNames.SALE_STATS);
    this.clock = clock;
  }

  Map<String, Object> of(Sale sale) {
    Instant now = clock.instant();
    SaleStats stats = figures.get(sale.saleId());
    if (stats == null) {
      stats = new SaleStats(sale.saleId(), 0, zeros(), zeros(), Map.of(), Map.of(), new TreeMap<>(), new TreeMap<>(),
          Map.of());
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("saleId", sale.saleId());
    view.put("name", sale.name());
    view.put("status", sale.statusAt(now));
    view.put("generatedAt", now);
    view.put("figuresUpdatedAt", stats.updatedAt() == 0 ? null : Instant.ofEpochMilli(stats.updatedAt()));
    view.put("ordersByStatus", stats.ordersByStatus());
    view.put("unitsByStatus", stats.unitsByStatus());
    view.put("revenue", revenueText(stats.revenue()));
    view.put("rejections", stats.rejections());
    view.put("ordersPerSecond", rates(stats, now, true));
    view.put("rejectionsPerSecond", rates(stats, now, false));
    view.put("perSecond", series(stats, now));
    view.put("products", products(sale, stats, now));
    return view;
  }

  private static Map<String, Long> zeros() {
    Map<String, Long> zeros = new LinkedHashMap<>();
    STATUSES.forEach(status -> zeros.put(status, 0L));
    return zeros;
  }

  private static Map<String, String> revenueText(Map<String, BigDecimal> revenue) {
    Map<String, String> text = new LinkedHashMap<>();
    revenue.forEach((currency, amount) -> text.put(currency, amount.toPlainString()));
    return text;
  }

  private static Map<String, Double> rates(SaleStats stats, Instant now, boolean orders) {
    Map<String, Double> rates = new LinkedHashMap<>();
    for (int seconds : new int[] {10, 60}) {
      double rate = orders ? stats.ordersPerSecond(now.toEpochMilli(), seconds)
          : stats.rejectionsPerSecond(now.toEpochMilli(), seconds);
      rates.put("last" + seconds + "s", Math.round(rate * 100) / 100.0);
    }
    return rates;
  }

  /** The whole seconds before now, oldest first, zero where nothing happened: what a chart draws as is. */
  private static List<Map<String, Object>> series(SaleStats stats, Instant now) {
    long current = Math.floorDiv(now.toEpochMilli(), 1000);
    List<Map<String, Object>> points = new ArrayList<>(SERIES_SECONDS);
    for (long second = current - SERIES_SECONDS; second < current; second++) {
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("second", second);
      point.put("orders", valueAt(stats.placedPerSecond(), second));
      point.put("rejections", valueAt(stats.rejectedPerSecond(), second));
      points.add(point);
    }
    return points;
  }

  private static long valueAt(SortedMap<Long, Long> series, long second) {
    return series.getOrDefault(second, 0L);
  }

  private List<Map<String, Object>> products(Sale sale, SaleStats stats, Instant now) {
    Map<String, Stock> stock = sales.stockOf(sale);
    return sale.products().values().stream().map(product -> {
      Map<String, Object> view = product(product, stock.get(product.productId()), stats);
      if (sale.waitingRoom() != null) {
        view.put("waitingRoom", room(stats.rooms().get(product.productId()), now));
      }
      return view;
    }).toList();
  }

  /** A product's waiting room as the job counted it: zeros until something happened in it. */
  private static Map<String, Object> room(RoomStats room, Instant now) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("queueLength", room == null ? 0 : room.queueLength());
    view.put("joined", room == null ? 0 : room.joined());
    view.put("admitted", room == null ? 0 : room.admitted());
    view.put("admissionsPerSecond", room == null ? 0.0
        : Math.round(room.admissionsPerSecond(now.toEpochMilli(), 10) * 100) / 100.0);
    view.put("expired", room == null ? 0 : room.expired());
    view.put("soldOut", room == null ? 0 : room.soldOut());
    return view;
  }

  private static Map<String, Object> product(Product product, Stock figures, SaleStats stats) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("productId", product.productId());
    view.put("name", product.name());
    view.put("price", product.price().toPlainString());
    view.put("currency", product.currency());
    view.put("stock", figures == null ? product.stock() : figures.total());
    view.put("available", figures == null ? 0 : figures.available());
    view.put("pending", figures == null ? 0 : figures.pending());
    view.put("confirmed", figures == null ? 0 : figures.confirmed());
    view.put("soldOut", figures != null && figures.available() == 0);
    Long soldOutAt = stats.soldOutAt().get(product.productId());
    view.put("soldOutAt", soldOutAt == null ? null : Instant.ofEpochMilli(soldOutAt));
    return view;
  }
}
