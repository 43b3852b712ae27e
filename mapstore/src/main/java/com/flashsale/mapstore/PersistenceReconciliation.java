package com.flashsale.mapstore;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.jet.ReconciliationPipeline.StoredVersion;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.member.PersistenceConfig;
import com.flashsale.node.service.ReconciliationReport.Finding;
import com.flashsale.node.service.StoredLedgers;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.pipeline.BatchSource;
import com.hazelcast.jet.pipeline.DataConnectionRef;
import com.hazelcast.jet.pipeline.Sources;
import com.hazelcast.map.IMap;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * The reconciler's PostgreSQL side ({@link StoredLedgers}): the Jet job reads every product's stock row
 * through the member's data connection ({@code PersistenceConfig.DATA_CONNECTION}) and compares its version with the ledger's.
 * A row behind the grid is normal for a moment (write-behind waits a second, then flushes), so a row the job
 * saw behind at version {@code v} is watched for up to {@code settle} (many write delays): write-behind writes
 * {@code v} or a later version within that time unless the write was lost (a member died with its queue during
 * a long outage). Only a row still below {@code v} at the end is repaired, by writing the ledger's current value
 * the way write-behind does: its row and every order changed since the row's version, in one transaction.
 * That write is version-guarded, so racing write-behind is harmless.
 */
public final class PersistenceReconciliation implements StoredLedgers {

  private static final Logger LOG = LoggerFactory.getLogger(PersistenceReconciliation.class);
  /** Ten write delays: under full load write-behind flushes within two. */
  static final Duration DEFAULT_SETTLE = Duration.ofSeconds(10);
  private static final Duration LOOK_AGAIN_EVERY = Duration.ofMillis(250);

  private final String schema;
  private final Duration settle;

  public PersistenceReconciliation(String schema, Duration settle) {
    this.schema = schema;
    this.settle = settle;
  }

  /** The same check, watching a row behind for {@code settle} before it rewrites it (tests use less). */
  public PersistenceReconciliation settlingWithin(Duration settle) {
    return new PersistenceReconciliation(schema, settle);
  }

  @Override
  public Optional<String> unreachable(HazelcastInstance member) {
    DatabaseCheck check = Persistence.of(member).checkDatabase();
    return check.answers() ? Optional.empty() : Optional.of(check.problem());
  }

  @Override
  public BatchSource<StoredVersion> versions() {
    // The schema is a checked lower-case identifier (DatabaseSettings), safe to name in the text.
    String query = "SELECT sale_id, product_id, version FROM " + schema + ".stock"
        + " WHERE mod(hashtext(sale_id || '/' || product_id)::bigint + 2147483648, ?) = ?";
    return Sources.jdbc(DataConnectionRef.dataConnectionRef(PersistenceConfig.DATA_CONNECTION), (connection, parallelism, index) -> {
      PreparedStatement select = connection.prepareStatement(query);
      select.setInt(1, parallelism);
      select.setInt(2, index);
      return select.executeQuery();
    }, row -> new StoredVersion(row.getString(1), row.getString(2), row.getLong(3)));
  }

  @Override
  public List<Finding> settle(HazelcastInstance member, Map<ProductKey, Long> seenBehind) {
    if (seenBehind.isEmpty()) {
      return List.of();
    }
    Optional<Database> database = Database.of(member.getUserContext());
    if (database.isEmpty() || database.get().isClosed()) {
      return List.of(unchecked("PERSISTENCE_NOT_CHECKED", "no map store has opened the database on this member yet"));
    }
    try {
      return settle(database.get(), member.getMap(MapNames.LEDGERS), new LinkedHashMap<>(seenBehind));
    } catch (DatabaseException unreachable) {
      // Nothing was written (or only whole version-guarded transactions): the next run looks again.
      return List.of(unchecked("PERSISTENCE_UNREACHABLE", unreachable.getMessage()));
    }
  }

  private List<Finding> settle(Database database, IMap<ProductKey, Ledger> ledgers, Map<ProductKey, Long> behind) {
    long deadline = System.nanoTime() + settle.toNanos();
    do {
      Map<ProductKey, Long> now = versions(database, behind.keySet());
      behind.entrySet().removeIf(entry -> now.containsKey(entry.getKey()) && now.get(entry.getKey()) >= entry.getValue());
      if (behind.isEmpty()) {
        return List.of();
      }
      LockSupport.parkNanos(LOOK_AGAIN_EVERY.toNanos());
    } while (System.nanoTime() < deadline);
    return repair(database, ledgers, behind);
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
