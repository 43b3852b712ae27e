package com.flashsale.node.testing;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.service.Grid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A copy of every sale and ledger in the grid (so of every order: the ledgers are their only copy), and the
 * contract's invariants checked on it. The maps are read one after another, so the copy is consistent only while
 * nothing moves: take it at quiescence. Each check returns the violations it found as sentences, empty when the
 * invariant holds.
 */
public final class GridState {

  private final Map<String, Sale> sales;
  private final Map<ProductKey, Ledger> ledgers;
  private final Map<Long, Order> orders;

  private GridState(Map<String, Sale> sales, Map<ProductKey, Ledger> ledgers) {
    this.sales = sales;
    this.ledgers = ledgers;
    this.orders = new HashMap<>();
    ledgers.values().forEach(ledger -> orders.putAll(ledger.orders()));
  }

  public static GridState read(Grid grid) {
    return new GridState(copy(grid.sales().entrySet()), copy(grid.ledgers().entrySet()));
  }

  private static <K, V> Map<K, V> copy(Iterable<Map.Entry<K, V>> entries) {
    Map<K, V> copy = new HashMap<>();
    entries.forEach(entry -> copy.put(entry.getKey(), entry.getValue()));
    return copy;
  }

  public Map<ProductKey, Ledger> ledgers() {
    return ledgers;
  }

  /** Every ledger's orders, by id. */
  public Map<Long, Order> orders() {
    return orders;
  }

  public Optional<Order> order(long orderId) {
    return Optional.ofNullable(orders.get(orderId));
  }

  /** Units of unpaid orders of all products: zero once every order is settled. */
  public int heldUnits() {
    return ledgers.values().stream().mapToInt(Ledger::pending).sum();
  }

  public long ordersIn(OrderStatus status) {
    return orders.values().stream().filter(order -> order.status() == status).count();
  }

  /**
   * Invariant 1. Per product {@code total == available + pending + confirmed}, each part ≥ 0, the total is the
   * stock the sale put on sale, the figures are what the ledger's own orders add up to, every order is the
   * product's, and the buyers (what a user's orders are read from) list exactly the ledger's orders.
   */
  public List<String> stockViolations() {
    List<String> violations = new ArrayList<>();
    ledgers.forEach((product, ledger) -> {
      if (ledger.available() < 0 || ledger.confirmed() < 0 || ledger.pending() < 0
          || ledger.total() != ledger.available() + ledger.pending() + ledger.confirmed()) {
        violations.add(product + ": total " + ledger.total() + " != available " + ledger.available() + " + pending "
            + ledger.pending() + " + confirmed " + ledger.confirmed());
      }
      Sale sale = sales.get(product.saleId());
      if (sale != null && sale.product(product.productId()).map(p -> p.stock() != ledger.total()).orElse(true)) {
        violations.add(product + ": total " + ledger.total() + " is not the stock the sale put on sale");
      }
      int pending = units(ledger.orders().values(), OrderStatus.PENDING);
      int confirmed = units(ledger.orders().values(), OrderStatus.CONFIRMED);
      if (pending != ledger.pending() || confirmed != ledger.confirmed()) {
        violations.add(product + ": figures pending " + ledger.pending() + ", confirmed " + ledger.confirmed()
            + " but its orders hold " + pending + " and " + confirmed);
      }
      if (ledger.orders().values().stream().anyMatch(order -> !order.productKey().equals(product))) {
        violations.add(product + ": the ledger holds an order of another product");
      }
      Map<Long, Order> byBuyer = new HashMap<>();
      ledger.orders().values().stream().map(Order::userId).distinct()
          .forEach(user -> ledger.ordersOf(user).forEach(order -> {
            if (!order.userId().equals(user)) {
              violations.add(product + ": the ledger's buyers list order " + order.orderId() + " under " + user);
            }
            byBuyer.put(order.orderId(), order);
          }));
      if (!byBuyer.equals(new HashMap<>(ledger.orders()))) {
        violations.add(product + ": the ledger's buyers list " + byBuyer.size() + " order(s) that differ from the "
            + "ledger's " + ledger.orders().size());
      }
    });
    return violations;
  }

  private static int units(Iterable<Order> orders, OrderStatus status) {
    int units = 0;
    for (Order order : orders) {
      units += order.status() == status ? order.quantity() : 0;
    }
    return units;
  }

  /**
   * Invariant 3. For every (user, product) the PENDING + CONFIRMED quantity is at most the sale's
   * {@code perUserLimit}, and the ledger counts for the user exactly what their orders hold.
   */
  public List<String> limitViolations() {
    List<String> violations = new ArrayList<>();
    ledgers.forEach((product, ledger) -> {
      int limit = sales.get(product.saleId()).perUserLimit();
      Map<String, Integer> live = new HashMap<>();
      ledger.orders().values().stream().filter(Order::holdsUnits)
          .forEach(order -> live.merge(order.userId(), order.quantity(), Integer::sum));
      live.forEach((user, units) -> {
        if (units > limit) {
          violations.add(product + "/" + user + ": " + units + " unit(s) PENDING or CONFIRMED, over the limit of " + limit);
        }
      });
      Map<String, Integer> counted = new HashMap<>();
      ledger.buyers().forEach((user, buyer) -> {
        if (buyer.units() != 0) {
          counted.put(user, buyer.units());
        }
      });
      if (!live.equals(counted)) {
        violations.add(product + ": the ledger counts " + counted + " per user but the orders hold " + live);
      }
    });
    return violations;
  }

  /** Invariant 2 for one answered order: in its ledger, as the very order the client was given. */
  public List<String> missingOrLost(Order answered) {
    Ledger ledger = ledgers.get(answered.productKey());
    Order stored = ledger == null ? null : ledger.orders().get(answered.orderId());
    if (stored == null) {
      return List.of("order " + answered.orderId() + " was answered to the client but is not in the grid");
    }
    if (!stored.userId().equals(answered.userId()) || stored.quantity() != answered.quantity()) {
      return List.of("order " + answered.orderId() + " is stored as " + stored + " but was answered as " + answered);
    }
    return List.of();
  }
}
