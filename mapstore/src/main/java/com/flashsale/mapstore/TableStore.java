package com.flashsale.mapstore;

import com.flashsale.node.member.FlashSaleNode;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapLoaderLifecycleSupport;
import com.hazelcast.map.MapStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentMap;

/**
 * What every map store does with its {@link Table}: batches in one transaction each, loads by key, and the
 * member's shared pool, taken in {@link #init} and given back in {@link #destroy}. A failure is thrown as a
 * {@link DatabaseException} so that Hazelcast keeps the entries queued and retries them.
 *
 * <p>Property {@value #READ_THROUGH} (default {@code true}) says whether a key the grid does not hold is looked
 * up in PostgreSQL. Hazelcast asks the loader for every key an entry processor touches first, new orders
 * included; for maps loaded in full at start the answer is known to be "absent", and leaving PostgreSQL out
 * keeps it off the hot path and lets the grid sell while the database is down. The same holds for
 * {@link #loadAll} once the member has finished its initial load ({@link FlashSaleNode#initialLoadDone}): before,
 * it is how the initial load reads the table; after, Hazelcast calls it only for a {@code getAll} of keys the grid
 * does not hold, on the partition thread itself (the maps do not offload, see {@code config/hazelcast.yaml}),
 * where a query must not run, let alone wait for an unreachable database. It would also bring back a row whose
 * entry the grid had removed, if the removal's write was lost.
 */
abstract class TableStore<K, V> implements MapStore<K, V>, MapLoaderLifecycleSupport {

  public static final String READ_THROUGH = "read-through";

  private Table<K, V> table;
  private Database database;
  private ConcurrentMap<String, Object> memberContext;
  private boolean readThrough = true;

  /** For Hazelcast, which creates stores by class name and then calls {@link #init}. */
  TableStore() {}

  /** For tests and tools: a store on a pool the caller owns and closes. */
  TableStore(Table<K, V> table, Database database, boolean readThrough) {
    this.table = table;
    this.database = database;
    this.readThrough = readThrough;
  }

  /** The table for this member's map; called once from {@link #init}. */
  abstract Table<K, V> table(HazelcastInstance member, String mapName);

  @Override
  public void init(HazelcastInstance member, Properties properties, String mapName) {
    DatabaseSettings settings = DatabaseSettings.from(properties);
    readThrough = flag(properties, READ_THROUGH, true);
    table = table(member, mapName);
    // Hazelcast re-creates a map's container while the member shuts down (to deregister its listeners),
    // after it destroyed the stores: a pool opened then would never be closed, and nothing uses it.
    if (member.getLifecycleService().isRunning()) {
      memberContext = member.getUserContext();
      database = Database.acquire(memberContext, settings);
    }
  }

  @Override
  public void destroy() {
    if (memberContext != null && database != null) {
      Database.release(memberContext, database);
      database = null;
    }
  }

  @Override
  public void store(K key, V value) {
    storeAll(Map.of(key, value));
  }

  @Override
  public void storeAll(Map<K, V> entries) {
    if (!entries.isEmpty()) {
      inTransaction("storing " + entries.size() + " entries", connection -> table.upsert(connection, entries));
    }
  }

  @Override
  public void delete(K key) {
    deleteAll(List.of(key));
  }

  @Override
  public void deleteAll(Collection<K> keys) {
    if (!keys.isEmpty()) {
      inTransaction("deleting " + keys.size() + " entries", connection -> table.delete(connection, keys));
    }
  }

  @Override
  public V load(K key) {
    return readThrough ? loadAll(List.of(key)).get(key) : null;
  }

  @Override
  public Map<K, V> loadAll(Collection<K> keys) {
    if (keys.isEmpty() || !readThrough && memberContext != null && FlashSaleNode.initialLoadDone(memberContext)) {
      return Map.of();
    }
    try (Connection connection = database().connection()) {
      return table.load(connection, keys);
    } catch (SQLException failed) {
      throw new DatabaseException("loading " + keys.size() + " entries from " + table.name() + " failed", failed);
    }
  }

  @Override
  public Iterable<K> loadAllKeys() {
    try (Connection connection = database().connection()) {
      return table.keys(connection);
    } catch (SQLException failed) {
      throw new DatabaseException("listing the keys of " + table.name() + " failed", failed);
    }
  }

  /** False for a store created while its member shut down: it holds no pool and must not be used. */
  boolean isStarted() {
    return database != null;
  }

  Database database() {
    if (database == null) {
      throw new IllegalStateException(table.name() + " store is not started: it was created while its member shut down");
    }
    return database;
  }

  Table<K, V> table() {
    return table;
  }

  /** Runs the work in one transaction, rolled back (and thrown) when any part fails. */
  void inTransaction(String what, SqlWork work) {
    try (Connection connection = database().connection()) {
      connection.setAutoCommit(false);
      try {
        work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException failed) {
        rollback(connection, failed);
        throw failed;
      }
    } catch (SQLException failed) {
      throw new DatabaseException(what + " in " + table.name() + " failed", failed);
    }
  }

  private static void rollback(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailed) {
      // The first failure is the one to report; the pool discards a connection whose rollback failed.
      cause.addSuppressed(rollbackFailed);
    }
  }

  private static boolean flag(Properties properties, String key, boolean fallback) {
    String raw = properties.getProperty(key);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    if (!raw.trim().equals("true") && !raw.trim().equals("false")) {
      throw new IllegalArgumentException(key + " must be true or false, got '" + raw + "'");
    }
    return Boolean.parseBoolean(raw.trim());
  }

  /** A unit of JDBC work on a connection the caller owns. */
  @FunctionalInterface
  interface SqlWork {
    void run(Connection connection) throws SQLException;
  }
}
