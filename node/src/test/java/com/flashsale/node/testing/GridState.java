package com.flashsale.node.testing;

import com.flashsale.node.domain.HeldOrder;
import com.flashsale.node.domain.Hold;
import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.service.Grid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A copy of every sale, stock, holding and order in the grid, and the contract's invariants checked on it.
 * The maps are read one after another, so the copy is consistent only while nothing moves: take it at
 * quiescence. Each check returns the violations it found as sentences, empty when the invariant holds.
 */
public final class GridState {

  private final Map<String, Sale> sales;
  private final Map<ProductKey, Stock> stock;
  private final Map<HoldingKey, Holding> holdings;
  private final Map<Long, Order> orders;

  private GridState(Map<String, Sale> sales, Map<ProductKey, Stock> stock, Map<HoldingKey, Holding> holdings,
      Map<Long, Order> orders) {
    this.sales = sales;
    this.stock = stock;
    this.holdings = holdings;
    this.orders = orders;
  }

  public static GridState read(Grid grid) {
    return new GridState(copy(grid.sales().entrySet()), copy(grid.stock().entrySet()),
        copy(grid.holdings().entrySet()), copy(grid.orders().entrySet()));
  }

  private static <K, V> Map<K, V> copy(Iterable<Map.Entry<K, V>> entries) {
    Map<K, V> copy = new HashMap<>();
    entries.forEach(entry -> copy.put(entry.getKey(), entry.getValue()));
    return copy;
  }

  public Map<ProductKey, Stock> stock() {
    return stock;
  }

  public Map<HoldingKey, Holding> holdings() {
    return holdings;
  }

  public Map<Long, Order> orders() {
    return orders;
  }

  public Optional<Order> order(long orderId) {
    return Optional.ofNullable(orders.get(orderId));
  }

  /** Units held by all holds of all products: zero once every order is settled. */
  public int heldUnits() {
    return stock.values().stream().mapToInt(Stock::pendingUnits).sum();
  }

  public long ordersIn(OrderStatus status) {
    return orders.values().stream().filter(order -> order.status() == status).count();
  }

  /**
   * Invariant 1. Per product {@code total == available + held + confirmed}, each part ≥ 0, and the figures
   * agree with the orders: every hold is one PENDING order of that product, user and quantity, the PENDING
   * quantities add up to the held units and the CONFIRMED quantities to {@code confirmed}.
   */
  public List<String> stockViolations() {
    List<String> violations = new ArrayList<>();
    Map<ProductKey, Integer> pending = new HashMap<>();
    Map<ProductKey, Integer> confirmed = new HashMap<>();
    for (Order order : orders.values()) {
      if (order.status() == OrderStatus.PENDING) {
        pending.merge(order.productKey(), order.quantity(), Integer::sum);
      } else if (order.status() == OrderStatus.CONFIRMED) {
        confirmed.merge(order.productKey(), order.quantity(), Integer::sum);
      }
    }
    stock.forEach((product, figures) -> {
      int held = figures.pendingUnits();
      if (figures.available() < 0 || figures.confirmed() < 0 || held < 0
          || figures.total() != figures.available() + held + figures.confirmed()) {
        violations.add(product + ": total " + figures.total() + " != available " + figures.available() + " + held "
            + held + " + confirmed " + figures.confirmed());
      }
      Sale sale = sales.get(product.saleId());
      if (sale != null && sale.product(product.productId()).map(p -> p.stock() != figures.total()).orElse(true)) {
        violations.add(product + ": total " + figures.total() + " is not the stock the sale put on sale");
      }
      if (held != pending.getOrDefault(product, 0)) {
        violations.add(product + ": " + held + " unit(s) held but PENDING orders hold " + pending.getOrDefault(product, 0));
      }
      if (figures.confirmed() != confirmed.getOrDefault(product, 0)) {
        violations.add(product + ": confirmed " + figures.confirmed() + " but CONFIRMED orders hold "
            + confirmed.getOrDefault(product, 0));
      }
      for (Hold hold : figures.holds()) {
        Order order = orders.get(hold.orderId());
        if (order == null || order.status() != OrderStatus.PENDING || !order.productKey().equals(product)
            || order.quantity() != hold.units() || !order.userId().equals(hold.userId())) {
          violations.add(product + ": hold " + hold + " is not a PENDING order of it but " + order);
        }
      }
    });
    return violations;
  }

  /**
   * Invariant 3. For every (user, product) the PENDING + CONFIRMED quantity is at most the sale's
   * {@code perUserLimit} and equals what the user's holding reserves, order by order. Holding entries of
   * order ids that have no order and no hold (allowance reserved by a placement that died before it took
   * units) are left out here and reported by {@link #orphanedAllowances()}.
   */
  public List<String> limitViolations() {
    List<String> violations = new ArrayList<>();
    Map<HoldingKey, Integer> live = new HashMap<>();
    for (Order order : orders.values()) {
      if (order.status().holdsUnits()) {
        live.merge(order.holdingKey(), order.quantity(), Integer::sum);
      }
    }
    live.forEach((key, units) -> {
      int limit = sales.get(key.saleId()).perUserLimit();
      if (units > limit) {
        violations.add(key + ": " + units + " unit(s) PENDING or CONFIRMED, over the limit of " + limit);
      }
      Holding holding = holdings.get(key);
      int reserved = holding == null ? 0 : holding.held() - orphanedShare(holding);
      if (reserved != units) {
        violations.add(key + ": holding reserves " + reserved + " but PENDING + CONFIRMED orders hold " + units);
      }
    });
    holdings.forEach((key, holding) -> {
      int limit = sales.get(key.saleId()).perUserLimit();
      if (holding.held() > limit) {
        violations.add(key + ": holding reserves " + holding.held() + ", over the limit of " + limit);
      }
      for (HeldOrder held : holding.orders()) {
        Order order = orders.get(held.orderId());
        if (order == null) {
          continue;
        }
        if (!order.status().holdsUnits() || order.quantity() != held.units() || !order.holdingKey().equals(key)) {
          violations.add(key + ": reserves " + held + " for order " + order);
        }
      }
      if (!live.containsKey(key) && holding.held() != orphanedShare(holding)) {
        violations.add(key + ": holding reserves " + holding.held() + " but the user has no live order");
      }
    });
    return violations;
  }

  /** Allowance reserved for order ids that have neither an order nor units held: fail-closed leftovers of dead placements. */
  public List<HeldOrder> orphanedAllowances() {
    return holdings.values().stream().flatMap(holding -> holding.orders().stream()).filter(this::isOrphan).toList();
  }

  private int orphanedShare(Holding holding) {
    return holding.orders().stream().filter(this::isOrphan).mapToInt(HeldOrder::units).sum();
  }

  private boolean isOrphan(HeldOrder held) {
    return !orders.containsKey(held.orderId())
        && stock.values().stream().noneMatch(figures -> figures.hold(held.orderId()).isPresent());
  }

  /** Invariant 2 for one answered order: present, not voided, and the very order the client was given. */
  public List<String> missingOrLost(Order answered) {
    Order stored = orders.get(answered.orderId());
    if (stored == null) {
      return List.of("order " + answered.orderId() + " was answered to the client but is not in the orders map");
    }
    if (stored.status() == OrderStatus.VOIDED) {
      return List.of("order " + answered.orderId() + " was answered to the client but is VOIDED");
    }
    if (!stored.holdingKey().equals(answered.holdingKey()) || stored.quantity() != answered.quantity()) {
      return List.of("order " + answered.orderId() + " is stored as " + stored + " but was answered as " + answered);
    }
    return List.of();
  }
}
