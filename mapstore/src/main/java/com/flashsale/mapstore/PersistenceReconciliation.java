package com.flashsale.mapstore;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.service.GridReads;
import com.flashsale.node.service.ReconciliationCheck;
import com.flashsale.node.service.ReconciliationReport.Finding;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciler's PostgreSQL check: every order and every product's stock the grid holds must have its row
 * at the grid's version. A row behind the grid is normal for a moment (write-behind waits a second, then
 * flushes), so a row is judged in two looks: the first notes each entry whose row is missing or older than the
 * grid's version {@code v}; then the check watches those rows for up to {@code settle} (many write delays).
 * Write-behind writes {@code v} or a later version within that time unless the write was lost (a member died
 * with its queue, a backup dropped it); only a row still below {@code v} at the end is repaired, by writing
 * the grid's current value with the stores' version-guarded upsert. A repair therefore never writes a state
 * that was merely in flight as anything but what write-behind itself would have written, and never an older one.
 */
public final class PersistenceReconciliation implements ReconciliationCheck {

  private static final Logger LOG = LoggerFactory.getLogger(PersistenceReconciliation.class);
  /** Ten write delays: under full load write-behind flushes within two. */
  static final Duration DEFAULT_SETTLE = Duration.ofSeconds(10);
  private static final Duration LOOK_AGAIN_EVERY = Duration.ofMillis(250);

  private final HazelcastInstance member;
  private final Duration settle;

  public PersistenceReconciliation(HazelcastInstance member, Duration settle) {
    this.member = member;
    this.settle = settle;
  }

  public static PersistenceReconciliation on(HazelcastInstance member) {
    return new PersistenceReconciliation(member, DEFAULT_SETTLE);
  }

  @Override
  public List<Finding> check() {
    Repersist repersist;
    try {
      repersist = Persistence.of(member).repersist();
    } catch (IllegalStateException noDatabase) {
      return List.of(unchecked("PERSISTENCE_NOT_CHECKED", noDatabase.getMessage()));
    }
    try {
      return check(repersist);
    } catch (DatabaseException unreachable) {
      // Nothing was written (or only whole version-guarded chunks): the next run looks again.
      return List.of(unchecked("PERSISTENCE_UNREACHABLE", unreachable.getMessage()));
    }
  }

  private List<Finding> check(Repersist repersist) {
    IMap<Long, Order> orders = member.getMap(MapNames.ORDERS);
    IMap<ProductKey, Stock> stock = member.getMap(MapNames.STOCK);
    Map<Long, Order> gridOrders = new HashMap<>();
    orders.values().forEach(order -> gridOrders.put(order.orderId(), order));
    Map<ProductKey, Stock> gridStock = new HashMap<>();
    stock.entrySet().forEach(entry -> gridStock.put(entry.getKey(), entry.getValue()));

    Map<Long, Long> ordersBehind = behind(gridOrders, Order::version, repersist::orderVersions);
    Map<ProductKey, Long> stockBehind = behind(gridStock, Stock::version, repersist::stockVersions);
    long deadline = System.nanoTime() + settle.toNanos();
    while ((!ordersBehind.isEmpty() || !stockBehind.isEmpty()) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(LOOK_AGAIN_EVERY.toNanos());
      caughtUp(ordersBehind, repersist.orderVersions(ordersBehind.keySet()));
      caughtUp(stockBehind, repersist.stockVersions(stockBehind.keySet()));
    }
    List<Finding> findings = new ArrayList<>();
    findings.addAll(repairOrders(ordersBehind, orders, repersist));
    findings.addAll(repairStock(stockBehind, stock, repersist));
    return findings;
  }

  /** Entry → the grid version its row is missing or behind. */
  private static <K, V> Map<K, Long> behind(Map<K, V> grid, ToLongFunction<V> version,
      Function<Set<K>, Map<K, Long>> storedVersions) {
    Map<K, Long> stored = storedVersions.apply(grid.keySet());
    Map<K, Long> behind = new LinkedHashMap<>();
    grid.forEach((key, value) -> {
      Long row = stored.get(key);
      if (row == null || row < version.applyAsLong(value)) {
        behind.put(key, version.applyAsLong(value));
      }
    });
    return behind;
  }

  /** Drops the entries whose row has reached the version they were behind: their write was only in flight. */
  private static <K> void caughtUp(Map<K, Long> behind, Map<K, Long> stored) {
    behind.entrySet().removeIf(entry -> stored.containsKey(entry.getKey()) && stored.get(entry.getKey()) >= entry.getValue());
  }

  private List<Finding> repairOrders(Map<Long, Long> behind, IMap<Long, Order> orders, Repersist repersist) {
    if (behind.isEmpty()) {
      return List.of();
    }
    Map<Long, Long> stored = repersist.orderVersions(behind.keySet());
    Map<Long, Order> current = GridReads.getAll(member, orders, behind.keySet());
    repersist.orders(current.values());
    List<Finding> findings = new ArrayList<>();
    current.forEach((orderId, order) -> findings.add(finding(
        stored.containsKey(orderId) ? "ORDER_ROW_STALE" : "ORDER_ROW_MISSING", order.saleId(), order.productId(),
        order.userId(), orderId, describe(stored.get(orderId), behind.get(orderId)))));
    return findings;
  }

  private List<Finding> repairStock(Map<ProductKey, Long> behind, IMap<ProductKey, Stock> stock, Repersist repersist) {
    if (behind.isEmpty()) {
      return List.of();
    }
    Map<ProductKey, Long> stored = repersist.stockVersions(behind.keySet());
    Map<ProductKey, Stock> current = GridReads.getAll(member, stock, behind.keySet());
    repersist.stock(current);
    List<Finding> findings = new ArrayList<>();
    current.keySet().forEach(product -> findings.add(finding(
        stored.containsKey(product) ? "STOCK_ROW_STALE" : "STOCK_ROW_MISSING", product.saleId(), product.productId(),
        null, null, describe(stored.get(product), behind.get(product)))));
    return findings;
  }

  private static String describe(Long storedVersion, long gridVersion) {
    return (storedVersion == null ? "PostgreSQL had no row" : "PostgreSQL had version " + storedVersion)
        + " while the grid held version " + gridVersion + " for longer than write-behind takes; written again";
  }

  private static Finding finding(String kind, String saleId, String productId, String userId, Long orderId,
      String detail) {
    Finding finding = new Finding(kind, saleId, productId, userId, orderId, detail, true);
    LOG.warn("Reconciliation repaired: {}", finding);
    return finding;
  }

  private static Finding unchecked(String kind, String detail) {
    Finding finding = new Finding(kind, null, null, null, null, detail, false);
    LOG.warn("Reconciliation could not check PostgreSQL: {}", finding);
    return finding;
  }
}
