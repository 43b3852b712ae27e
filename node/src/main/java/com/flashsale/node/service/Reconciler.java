package com.flashsale.node.service;

import com.flashsale.node.domain.HeldOrder;
import com.flashsale.node.domain.Hold;
import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.processors.ReserveAllowance;
import com.flashsale.node.processors.VoidOrder;
import com.hazelcast.query.Predicates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that stock, allowances and orders agree, with the orders as the truth, and repairs what a crash
 * can leave behind — only ever in the fail-closed direction and behind the same fence as the sweeper.
 *
 * <p>Snapshots are read in the order the transitions write: stock and holdings first, orders second.
 * Order transitions change the order before its stock, so an order seen settled while its hold is still in
 * the stock snapshot is "settling", not wrong. Anything touched within the in-flight grace is not judged
 * at all. That is why a run under full load repairs nothing that was merely in flight.
 *
 * <p>Repairs: allowance reserved by an order id that has no order (a placement died before taking units)
 * is fenced with a VOIDED tombstone, then released; an order holding units whose allowance entry is gone
 * gets it back (that only restricts the user). Orphaned holds are left to the {@link HoldSweeper}, which
 * voids them the same way. Counter mismatches are reported, never "fixed" by arithmetic. The one exception
 * is a stock merged after a network split: its merge fence is settled from the orders ({@link StockRebuild}),
 * which is the arithmetic the merge deferred, and an oversell it uncovers is reported.
 */
public final class Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final Grid grid;
  private final Settlement settlement;
  private final Clock clock;
  private final Duration inFlightGrace;
  private final StockRebuild rebuild;
  private final AtomicLong repairsTotal = new AtomicLong();

  public Reconciler(Grid grid, Clock clock, Duration inFlightGrace, StockRebuild rebuild) {
    this.grid = grid;
    this.settlement = new Settlement(grid);
    this.rebuild = rebuild;
    this.clock = clock;
    this.inFlightGrace = inFlightGrace;
  }

  /** Every repair since start, for metrics. */
  public long repairsTotal() {
    return repairsTotal.get();
  }

  public ReconciliationReport run() {
    return run(List.of());
  }

  /**
   * The grid's checks, then {@code more} (PostgreSQL's, from the module that can reach it). The checks stay
   * plain Java over snapshots rather than a Jet batch job on purpose: their verdicts rest on reading stock and
   * holdings strictly before orders (a Jet source reads partitions of all maps concurrently, with no order
   * between them), and each repair is a fenced sequence (tombstone, then release) whose outcome the report
   * must state; a job would add a submission per run and report only through a sink.
   */
  public ReconciliationReport run(List<ReconciliationCheck> more) {
    Instant startedAt = clock.instant();
    List<ReconciliationReport.Finding> findings = new ArrayList<>();
    int products = 0;
    int orders = 0;
    List<Sale> sales = new ArrayList<>(grid.sales().values());
    for (Sale sale : sales) {
      SaleCheck check = new SaleCheck(sale, startedAt.minus(inFlightGrace).toEpochMilli());
      check.run(findings);
      products += sale.products().size();
      orders += check.orderCount;
    }
    for (ReconciliationCheck check : more) {
      findings.addAll(check.check());
    }
    int repairs = (int) findings.stream().filter(ReconciliationReport.Finding::repaired).count();
    repairsTotal.addAndGet(repairs);
    return new ReconciliationReport(startedAt, clock.instant(), sales.size(), products, orders, List.copyOf(findings),
        repairs, findings.size() - repairs);
  }

  /** The check of one sale over its snapshots: stock, then holdings, then orders. */
  private final class SaleCheck {
    private final Sale sale;
    private final long settledBefore;
    private int orderCount;

    SaleCheck(Sale sale, long settledBefore) {
      this.sale = sale;
      this.settledBefore = settledBefore;
    }

    void run(List<ReconciliationReport.Finding> findings) {
      Map<ProductKey, Stock> stock = GridReads.getAll(grid.instance(), grid.stock(), sale.productKeys());
      settleMergeFences(stock, findings);
      Map<HoldingKey, Holding> holdings = new HashMap<>();
      grid.holdings().entrySet(Predicates.equal("__key.saleId", sale.saleId()))
          .forEach(entry -> holdings.put(entry.getKey(), entry.getValue()));
      Map<Long, Order> orders = new HashMap<>();
      grid.orders().values(Predicates.equal("saleId", sale.saleId())).forEach(order -> orders.put(order.orderId(), order));
      orderCount = orders.size();
      Map<String, List<Order>> ordersByProduct = orders.values().stream().collect(Collectors.groupingBy(Order::productId));
      stock.forEach((key, figures) ->
          checkStock(key, figures, ordersByProduct.getOrDefault(key.productId(), List.of()), findings));
      holdings.forEach((key, holding) -> checkHolding(key, holding, orders, findings));
      checkAllowances(holdings, orders, findings);
    }

    /**
     * A merge fence still standing (the member that merged died before its rebuild, or the rebuild gave up) is
     * settled here, and the stock read again, still before the orders: the checks below then judge the rebuilt
     * figures. A fence that could not be lifted keeps its product out of the counter check (its hold names no
     * order), so it is reported as a pending repair, never as a mismatch.
     */
    private void settleMergeFences(Map<ProductKey, Stock> stock, List<ReconciliationReport.Finding> findings) {
      for (ProductKey key : List.copyOf(stock.keySet())) {
        if (!stock.get(key).fenced()) {
          continue;
        }
        rebuild.rebuild(key).ifPresent(rebuilt -> {
          findings.add(finding("MERGE_FENCE_SETTLED", key, null, null, rebuilt.settled()
              ? "the stock merged after a network split was rebuilt from the orders"
              : "the stock merged after a network split kept changing; its fence stands until the next run",
              rebuilt.settled()));
          if (rebuilt.oversoldUnits() > 0) {
            findings.add(finding("OVERSOLD_AFTER_MERGE", key, null, null, "the orders promise " + rebuilt.oversoldUnits()
                + " unit(s) more than the product has: both sides of a network split sold them", false));
          }
        });
        stock.put(key, grid.stock().get(key));
      }
    }

    private void checkStock(ProductKey key, Stock figures, List<Order> orders, List<ReconciliationReport.Finding> findings) {
      Set<Long> held = figures.holds().stream().map(Hold::orderId).collect(Collectors.toSet());
      boolean quiet = true;
      int confirmedByOrders = 0;
      for (Order order : orders) {
        if (order.createdAt().toEpochMilli() > settledBefore) {
          quiet = false;
          continue;
        }
        if (order.status() == OrderStatus.PENDING && !held.contains(order.orderId())) {
          findings.add(finding("PENDING_ORDER_WITHOUT_UNITS", key, order.userId(), order.orderId(),
              "a PENDING order holds no units in stock", false));
        }
        if (order.status() == OrderStatus.CONFIRMED && !held.contains(order.orderId())) {
          confirmedByOrders += order.quantity();
        }
      }
      Set<Long> known = orders.stream().map(Order::orderId).collect(Collectors.toSet());
      quiet &= known.containsAll(held);
      if (quiet && confirmedByOrders != figures.confirmed()) {
        findings.add(finding("CONFIRMED_UNITS_MISMATCH", key, null, null,
            "stock counts " + figures.confirmed() + " confirmed unit(s), CONFIRMED orders hold " + confirmedByOrders, false));
      }
    }

    private void checkHolding(HoldingKey key, Holding holding, Map<Long, Order> orders, List<ReconciliationReport.Finding> findings) {
      for (HeldOrder held : holding.orders()) {
        Order order = orders.get(held.orderId());
        if (order == null && held.reservedAt() <= settledBefore) {
          boolean repaired = voidAndRelease(key, held.orderId());
          findings.add(finding("ALLOWANCE_WITHOUT_ORDER", key.productKey(), key.userId(), held.orderId(),
              "allowance of " + held.units() + " unit(s) reserved by an order id that has no order", repaired));
        } else if (order != null && !order.status().holdsUnits() && order.updatedAt().toEpochMilli() <= settledBefore) {
          settlement.releaseAllowance(key, held.orderId()).toCompletableFuture().join();
          findings.add(finding("ALLOWANCE_OF_CANCELLED_ORDER", key.productKey(), key.userId(), held.orderId(),
              "a CANCELLED order still counted against the user's limit", true));
        }
      }
    }

    private void checkAllowances(Map<HoldingKey, Holding> holdings, Map<Long, Order> orders,
        List<ReconciliationReport.Finding> findings) {
      for (Order order : orders.values()) {
        if (!order.status().holdsUnits() || order.createdAt().toEpochMilli() > settledBefore) {
          continue;
        }
        Holding holding = holdings.get(order.holdingKey());
        if (holding == null || holding.order(order.orderId()).isEmpty()) {
          boolean repaired = grid.holdings().executeOnKey(order.holdingKey(),
              new ReserveAllowance(order.orderId(), order.quantity(), Integer.MAX_VALUE, clock.millis())).reserved();
          findings.add(finding("ORDER_WITHOUT_ALLOWANCE", order.productKey(), order.userId(), order.orderId(),
              "a " + order.status() + " order was missing from the user's allowance", repaired));
        }
      }
    }

    /** The sweeper's fence: the tombstone first, so a placement that was only slow fails instead. */
    private boolean voidAndRelease(HoldingKey key, long orderId) {
      OrderChange change = grid.orders().executeOnKey(orderId, new VoidOrder(clock.millis()));
      if (change.outcome() != OrderChange.Outcome.APPLIED && change.outcome() != OrderChange.Outcome.ALREADY_APPLIED) {
        return false;
      }
      settlement.release(key.productKey(), key.userId(), orderId).toCompletableFuture().join();
      return true;
    }

    private ReconciliationReport.Finding finding(String kind, ProductKey key, String userId, Long orderId, String detail,
        boolean repaired) {
      ReconciliationReport.Finding finding = new ReconciliationReport.Finding(kind, key.saleId(), key.productId(), userId,
          orderId, detail, repaired);
      LOG.warn("Reconciliation {}: {}", repaired ? "repaired" : "found", finding);
      return finding;
    }
  }
}
