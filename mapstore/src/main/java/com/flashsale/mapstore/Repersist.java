package com.flashsale.mapstore;

import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Closes the gap write-behind leaves open: a backup that drops queued writes (Hazelcast's backups keep them
 * only for the write delay plus a few seconds), or a flush lost with a member, leaves PostgreSQL behind the
 * grid with nobody left to retry. The reconciler hands this class the grid's entries; it compares their
 * versions with the rows' (the persisted-version marker is the {@code version} column itself) and writes the
 * missing and older ones again, with the same version-guarded upsert the stores use, so a pass racing with
 * write-behind can never put an older state back.
 *
 * <p>Work runs in chunks of {@value #CHUNK} keys, one transaction each, and fails with a
 * {@link DatabaseException} when PostgreSQL does: a pass is safe to repeat.
 */
public final class Repersist {

  static final int CHUNK = 1000;

  private final Database database;

  public Repersist(Database database) {
    this.database = database;
  }

  public RepersistResult orders(Collection<Order> gridOrders) {
    return repersist(new OrderTable(), byKey(gridOrders, Order::orderId));
  }

  public RepersistResult stock(Map<ProductKey, Stock> gridStock) {
    return repersist(new StockTable(), gridStock);
  }

  public RepersistResult sales(Collection<Sale> gridSales) {
    return repersist(new SaleTable(), byKey(gridSales, Sale::saleId));
  }

  public RepersistResult holdings(Map<HoldingKey, Holding> gridHoldings) {
    return repersist(new HoldingTable(), gridHoldings);
  }

  /** The versions PostgreSQL holds for these orders; an order without a row is absent from the result. */
  public Map<Long, Long> orderVersions(Collection<Long> orderIds) {
    return versions(new OrderTable(), orderIds);
  }

  /** The versions PostgreSQL holds for these products' stock; a product without a row is absent. */
  public Map<ProductKey, Long> stockVersions(Collection<ProductKey> products) {
    return versions(new StockTable(), products);
  }

  /** The versions PostgreSQL holds for these sales; a sale without a row is absent. */
  public Map<String, Long> saleVersions(Collection<String> saleIds) {
    return versions(new SaleTable(), saleIds);
  }

  /** The versions PostgreSQL holds for these holdings; a holding without a row is absent. */
  public Map<HoldingKey, Long> holdingVersions(Collection<HoldingKey> holdings) {
    return versions(new HoldingTable(), holdings);
  }

  private <K, V> Map<K, Long> versions(Table<K, V> table, Collection<K> keys) {
    Map<K, Long> versions = new HashMap<>();
    for (List<K> chunk : Sql.chunks(new ArrayList<>(keys), CHUNK)) {
      try (Connection connection = database.connection()) {
        versions.putAll(table.versions(connection, chunk));
      } catch (SQLException failed) {
        throw new DatabaseException("reading versions from " + table.name() + " failed", failed);
      }
    }
    return versions;
  }

  private <K, V> RepersistResult repersist(Table<K, V> table, Map<K, V> grid) {
    RepersistResult total = new RepersistResult(table.name(), 0, 0, 0);
    for (List<K> chunk : Sql.chunks(new ArrayList<>(grid.keySet()), CHUNK)) {
      total = total.plus(repersistChunk(table, chunk, grid));
    }
    return total;
  }

  private <K, V> RepersistResult repersistChunk(Table<K, V> table, List<K> keys, Map<K, V> grid) {
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      Map<K, Long> stored = table.versions(connection, keys);
      Map<K, V> behind = new LinkedHashMap<>();
      int missing = 0;
      for (K key : keys) {
        Long storedVersion = stored.get(key);
        if (storedVersion == null || table.isNewerThan(grid.get(key), storedVersion)) {
          behind.put(key, grid.get(key));
          missing += storedVersion == null ? 1 : 0;
        }
      }
      if (!behind.isEmpty()) {
        table.upsert(connection, behind);
      }
      connection.commit();
      return new RepersistResult(table.name(), keys.size(), missing, behind.size() - missing);
    } catch (SQLException failed) {
      throw new DatabaseException("re-persisting " + keys.size() + " entries of " + table.name() + " failed", failed);
    }
  }

  private static <K, V> Map<K, V> byKey(Collection<V> values, Function<V, K> key) {
    Map<K, V> byKey = new LinkedHashMap<>();
    values.forEach(value -> byKey.put(key.apply(value), value));
    return byKey;
  }
}
