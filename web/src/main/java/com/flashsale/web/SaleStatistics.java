package com.flashsale.web;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.service.Grid;
import com.flashsale.node.service.SaleService;
import com.hazelcast.query.Predicates;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sale's figures computed from the grid on request: orders and units by status, confirmed revenue per
 * currency, and every product's live stock. The streaming Jet job of the statistics issue replaces the
 * query with a maintained aggregate and adds rejections and rates, which a snapshot query cannot see.
 */
final class SaleStatistics {

  private final Grid grid;
  private final SaleService sales;
  private final Clock clock;

  SaleStatistics(Grid grid, SaleService sales, Clock clock) {
    this.grid = grid;
    this.sales = sales;
    this.clock = clock;
  }

  Map<String, Object> of(Sale sale) {
    Map<OrderStatus, Integer> orders = new EnumMap<>(OrderStatus.class);
    Map<OrderStatus, Integer> units = new EnumMap<>(OrderStatus.class);
    Map<String, BigDecimal> revenue = new TreeMap<>();
    for (Order order : grid.orders().values(Predicates.equal("saleId", sale.saleId()))) {
      orders.merge(order.status(), 1, Integer::sum);
      units.merge(order.status(), order.quantity(), Integer::sum);
      if (order.status() == OrderStatus.CONFIRMED) {
        revenue.merge(order.currency(), order.unitPrice().multiply(BigDecimal.valueOf(order.quantity())), BigDecimal::add);
      }
    }
    orders.remove(OrderStatus.VOIDED);
    units.remove(OrderStatus.VOIDED);
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("saleId", sale.saleId());
    stats.put("status", sale.statusAt(clock.instant()));
    stats.put("generatedAt", clock.instant());
    stats.put("ordersByStatus", orders);
    stats.put("unitsByStatus", units);
    Map<String, String> revenueText = new LinkedHashMap<>();
    revenue.forEach((currency, amount) -> revenueText.put(currency, amount.toPlainString()));
    stats.put("revenue", revenueText);
    stats.put("products", products(sale));
    return stats;
  }

  private List<Map<String, Object>> products(Sale sale) {
    Map<String, Stock> stock = sales.stockOf(sale);
    return sale.products().keySet().stream().map(productId -> {
      Stock figures = stock.get(productId);
      Map<String, Object> product = new LinkedHashMap<>();
      product.put("productId", productId);
      product.put("stock", figures == null ? 0 : figures.total());
      product.put("available", figures == null ? 0 : figures.available());
      product.put("pending", figures == null ? 0 : figures.pendingUnits());
      product.put("confirmed", figures == null ? 0 : figures.confirmed());
      product.put("soldOut", figures != null && figures.available() == 0);
      return product;
    }).toList();
  }
}
