package com.flashsale.node.service;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.processors.FindReadSideGaps;
import com.flashsale.node.processors.ProjectOrder;
import com.flashsale.node.processors.ReadStock;
import com.hazelcast.query.Predicates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the read side against the ledgers, and runs the checks of other modules (PostgreSQL's). A ledger
 * cannot disagree with itself (its figures are derived from its orders by every change), so what is left to
 * check in the grid is the projection: every order of a ledger must be in the read side at its version. A gap
 * (a member died between a ledger operation and its projection) is repaired by projecting the ledger's order,
 * which is safe at any moment, in flight or not, because the read side keeps the newer version. An order the
 * read side has but its ledger does not is reported, never repaired: only a person can say which is right.
 */
public final class Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final Grid grid;
  private final Clock clock;
  private final Duration inFlightGrace;
  private final AtomicLong repairsTotal = new AtomicLong();

  /** @param inFlightGrace how long an order's projection may be under way: younger gaps are not judged */
  public Reconciler(Grid grid, Clock clock, Duration inFlightGrace) {
    this.grid = grid;
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

  /** The grid's checks, then {@code more} (PostgreSQL's, from the module that can reach it). */
  public ReconciliationReport run(List<ReconciliationCheck> more) {
    Instant startedAt = clock.instant();
    List<ReconciliationReport.Finding> findings = new ArrayList<>();
    int products = 0;
    int orders = 0;
    List<Sale> sales = new ArrayList<>(grid.sales().values());
    for (Sale sale : sales) {
      orders += check(sale, startedAt.minus(inFlightGrace), findings);
      products += sale.products().size();
    }
    for (ReconciliationCheck check : more) {
      findings.addAll(check.check());
    }
    int repairs = (int) findings.stream().filter(ReconciliationReport.Finding::repaired).count();
    repairsTotal.addAndGet(repairs);
    return new ReconciliationReport(startedAt, clock.instant(), sales.size(), products, orders, List.copyOf(findings),
        repairs, findings.size() - repairs);
  }

  /** Checks one sale's read side against its ledgers; returns how many orders the read side has of it. */
  private int check(Sale sale, Instant settledBefore, List<ReconciliationReport.Finding> findings) {
    Map<String, Map<Long, Long>> readSide = new HashMap<>();
    sale.products().keySet().forEach(productId -> readSide.put(productId, new HashMap<>()));
    List<Order> projected = new ArrayList<>(grid.orders().values(Predicates.equal("saleId", sale.saleId())));
    for (Order order : projected) {
      Map<Long, Long> versions = readSide.get(order.productId());
      if (versions == null) {
        findings.add(finding("ORDER_OF_UNKNOWN_PRODUCT", order, "the sale has no such product", false));
      } else {
        versions.put(order.orderId(), order.version());
      }
    }
    // One partition-parallel read of every product's figures, so that only ledgers that ever wrote an order
    // cost a call of their own: a sale of 10,000 untouched products is one round trip, not 10,000.
    Map<ProductKey, Stock> figures = grid.ledgers().executeOnKeys(sale.productKeys(), new ReadStock());
    readSide.forEach((productId, versions) -> {
      ProductKey product = new ProductKey(sale.saleId(), productId);
      Stock stock = figures.get(product);
      if (stock == null || stock.version() == Ledger.INITIAL_VERSION) {
        return;   // no ledger, or one still as created: it has no order the read side could lack
      }
      LedgerChange behind = grid.ledgers().executeOnKey(product, new FindReadSideGaps(versions));
      for (Order order : behind.orders()) {
        if (order.updatedAt().isAfter(settledBefore)) {
          continue;
        }
        boolean repaired = grid.orders().executeOnKey(order.orderId(), new ProjectOrder(order));
        String kind = versions.containsKey(order.orderId()) ? "READ_SIDE_BEHIND_LEDGER" : "ORDER_MISSING_FROM_READ_SIDE";
        if (repaired) {
          findings.add(finding(kind, order, "projected version " + order.version() + " from the ledger", true));
        }
      }
    });
    return projected.size();
  }

  private static ReconciliationReport.Finding finding(String kind, Order order, String detail, boolean repaired) {
    ReconciliationReport.Finding finding = new ReconciliationReport.Finding(kind, order.saleId(), order.productId(),
        order.userId(), order.orderId(), detail, repaired);
    LOG.warn("Reconciliation {}: {}", repaired ? "repaired" : "found", finding);
    return finding;
  }
}
