package com.flashsale.mapstore;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.processors.ReadStock;
import com.flashsale.node.service.ReconciliationCheck;
import com.flashsale.node.service.ReconciliationReport.Finding;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciler's PostgreSQL check: every product's stock row must reach its ledger's version. A row behind
 * the grid is normal for a moment (write-behind waits a second, then flushes), so a row is judged in two looks:
 * the first notes each ledger whose row is missing or older than the grid's version {@code v}; then the check
 * watches those rows for up to {@code settle} (many write delays). Write-behind writes {@code v} or a later
 * version within that time unless the write was lost (a member died with its queue during a long outage);
 * only a row still below {@code v} at the end is repaired, by writing the ledger's current value the way
 * write-behind does: its row and every order changed since the row's version, in one transaction. That write
 * is version-guarded, so racing write-behind is harmless.
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
    Optional<Database> database = Database.of(member.getUserContext());
    if (database.isEmpty() || database.get().isClosed()) {
      return List.of(unchecked("PERSISTENCE_NOT_CHECKED", "no map store has opened the database on this member yet"));
    }
    try {
      return check(database.get());
    } catch (DatabaseException unreachable) {
      // Nothing was written (or only whole version-guarded transactions): the next run looks again.
      return List.of(unchecked("PERSISTENCE_UNREACHABLE", unreachable.getMessage()));
    }
  }

  private List<Finding> check(Database database) {
    IMap<ProductKey, Ledger> ledgers = member.getMap(MapNames.LEDGERS);
    Map<ProductKey, Stock> grid = ledgers.executeOnEntries(new ReadStock());
    Map<ProductKey, Long> stored = versions(database, grid.keySet());
    Map<ProductKey, Long> behind = new LinkedHashMap<>();
    grid.forEach((key, stock) -> {
      Long row = stored.get(key);
      if (stock != null && (row == null || row < stock.version())) {
        behind.put(key, stock.version());
      }
    });
    long deadline = System.nanoTime() + settle.toNanos();
    while (!behind.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(LOOK_AGAIN_EVERY.toNanos());
      Map<ProductKey, Long> now = versions(database, behind.keySet());
      behind.entrySet().removeIf(entry -> now.containsKey(entry.getKey()) && now.get(entry.getKey()) >= entry.getValue());
    }
    return behind.isEmpty() ? List.of() : repair(database, ledgers, behind);
  }

  private List<Finding> repair(Database database, IMap<ProductKey, Ledger> ledgers, Map<ProductKey, Long> behind) {
    Map<ProductKey, Long> stored = versions(database, behind.keySet());
    Map<ProductKey, Ledger> current = new HashMap<>(ledgers.getAll(behind.keySet()));
    LedgerStore store = new LedgerStore(database, false);
    store.storeAll(current);
    List<Finding> findings = new ArrayList<>();
    current.keySet().forEach(product -> findings.add(finding(
        stored.containsKey(product) ? "STOCK_ROW_STALE" : "STOCK_ROW_MISSING", product,
        describe(stored.get(product), behind.get(product)))));
    return findings;
  }

  private static Map<ProductKey, Long> versions(Database database, Collection<ProductKey> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    try (Connection connection = database.connection()) {
      return new LedgerTable().versions(connection, keys);
    } catch (SQLException failed) {
      throw new DatabaseException("reading the versions of " + keys.size() + " stock rows failed", failed);
    }
  }

  private static String describe(Long storedVersion, long gridVersion) {
    return (storedVersion == null ? "PostgreSQL had no row" : "PostgreSQL had version " + storedVersion)
        + " while the grid held version " + gridVersion + " for longer than write-behind takes; written again";
  }

  private static Finding finding(String kind, ProductKey product, String detail) {
    Finding finding = new Finding(kind, product.saleId(), product.productId(), null, null, detail, true);
    LOG.warn("Reconciliation repaired: {}", finding);
    return finding;
  }

  private static Finding unchecked(String kind, String detail) {
    Finding finding = new Finding(kind, null, null, null, null, detail, false);
    LOG.warn("Reconciliation could not check PostgreSQL: {}", finding);
    return finding;
  }
}
