package com.flashsale.node.service;

import com.flashsale.node.domain.Hold;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.processors.FenceSettlement;
import com.flashsale.node.processors.SettleMergeFence;
import com.hazelcast.query.Predicates;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles the merge fences that {@code StockMergePolicy} leaves after a network split, from the orders, which
 * are the truth (see {@link SettleMergeFence} for the figures it writes). Runs when a member has merged, and
 * from every reconciliation, so a member that dies between the merge and the rebuild leaves no product
 * frozen for longer than a reconciliation interval. Safe to run anywhere, any number of times: the fence is
 * lifted only over the very stock value the orders were counted against, and a product without a fence is
 * left alone.
 */
public final class StockRebuild {

  private static final Logger LOG = LoggerFactory.getLogger(StockRebuild.class);
  /** The stock of a fenced product sells nothing, so it only moves while settlements finish: a few tries do. */
  private static final int ATTEMPTS = 5;

  private final Grid grid;
  private final Clock clock;

  public StockRebuild(Grid grid, Clock clock) {
    this.grid = grid;
    this.clock = clock;
  }

  /**
   * What the rebuild of one product did: {@code settled} false means the stock kept moving and the fence still
   * stands (the next reconciliation tries again); {@code oversoldUnits} is how many units the orders promise
   * beyond the product's total.
   */
  public record Rebuilt(ProductKey product, boolean settled, int oversoldUnits) {}

  /**
   * Rebuilds every fenced product of every sale; the products that had no fence are not listed. The orders of a
   * sale are read once, after all its stock: a product that moved in between is counted again on its own.
   */
  public List<Rebuilt> run() {
    List<Rebuilt> rebuilt = new ArrayList<>();
    for (Sale sale : new ArrayList<>(grid.sales().values())) {
      Map<ProductKey, Stock> fenced = new HashMap<>();
      GridReads.getAll(grid.instance(), grid.stock(), sale.productKeys()).forEach((key, stock) -> {
        if (stock.fenced()) {
          fenced.put(key, stock);
        }
      });
      if (fenced.isEmpty()) {
        continue;
      }
      Map<String, List<Order>> orders = grid.orders().values(Predicates.equal("saleId", sale.saleId())).stream()
          .collect(Collectors.groupingBy(Order::productId));
      fenced.forEach((key, read) -> {
        FenceSettlement settlement = settle(key, read, orders.getOrDefault(key.productId(), List.of()));
        if (settlement.outcome() == FenceSettlement.Outcome.SETTLED) {
          rebuilt.add(report(key, settlement.oversoldUnits()));
        } else if (settlement.outcome() == FenceSettlement.Outcome.VERSION_MOVED) {
          rebuild(key).ifPresent(rebuilt::add);
        }
      });
    }
    return rebuilt;
  }

  /** Rebuilds one product if it is fenced; empty when it has no fence (or someone else lifted it meanwhile). */
  public Optional<Rebuilt> rebuild(ProductKey product) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Stock read = grid.stock().get(product);
      if (read == null || !read.fenced()) {
        return Optional.empty();
      }
      Collection<Order> orders = grid.orders().values(Predicates.and(
          Predicates.equal("saleId", product.saleId()), Predicates.equal("productId", product.productId())));
      FenceSettlement settlement = settle(product, read, orders);
      if (settlement.outcome() == FenceSettlement.Outcome.SETTLED) {
        return Optional.of(report(product, settlement.oversoldUnits()));
      }
      if (settlement.outcome() == FenceSettlement.Outcome.NO_FENCE) {
        return Optional.empty();
      }
      // VERSION_MOVED: the stock changed between the read and the settlement; read and count again.
    }
    LOG.warn("The merge fence of {} still stands: its stock kept changing during {} attempts; the next "
        + "reconciliation tries again", product, ATTEMPTS);
    return Optional.of(new Rebuilt(product, false, 0));
  }

  /** Lifts the fence of {@code read} with the product's {@code orders}, which were read after it. */
  private FenceSettlement settle(ProductKey product, Stock read, Collection<Order> orders) {
    Set<Long> held = read.holds().stream().map(Hold::orderId).collect(Collectors.toSet());
    int confirmedByOrders = 0;
    List<Long> confirmedHolders = new ArrayList<>();
    List<Hold> missingHolds = new ArrayList<>();
    for (Order order : orders) {
      if (order.status() == OrderStatus.CONFIRMED) {
        confirmedByOrders += order.quantity();
        if (held.contains(order.orderId())) {
          confirmedHolders.add(order.orderId());
        }
      } else if (order.status() == OrderStatus.PENDING && !held.contains(order.orderId())) {
        // Due at once: the sweeper looks at the order next and extends the hold to its payment window.
        missingHolds.add(new Hold(order.orderId(), order.userId(), order.quantity(), clock.millis()));
      }
    }
    return grid.stock().executeOnKey(product,
        new SettleMergeFence(read.version(), confirmedByOrders, confirmedHolders, missingHolds));
  }

  private static Rebuilt report(ProductKey product, int oversoldUnits) {
    if (oversoldUnits > 0) {
      LOG.warn("{} is OVERSOLD by {} unit(s) after a split-brain merge: its CONFIRMED and PENDING orders promise "
          + "more than its total. It sells nothing more; an operator must decide which orders to cancel",
          product, oversoldUnits);
    } else {
      LOG.info("Merge fence of {} settled from its orders", product);
    }
    return new Rebuilt(product, true, oversoldUnits);
  }
}
