package com.flashsale.mapstore;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A {@link TableLoader} that also writes: batches in one transaction each. A failure is thrown as a
 * {@link DatabaseException} so that Hazelcast keeps the entries queued and retries them.
 */
abstract class TableStore<K, V> extends TableLoader<K, V> implements MapStore<K, V> {

  /** For Hazelcast, which creates stores by class name and then calls {@link #init}. */
  TableStore() {}

  /** For tests and tools: a store on a pool the caller owns and closes. */
  TableStore(Table<K, V> table, Database database, boolean readThrough) {
    super(table, database, readThrough);
  }

  /** The table of this member's map; called once from {@link #init}. */
  abstract Table<K, V> table(HazelcastInstance member, String mapName);

  @Override
  final Rows<K, V> rows(HazelcastInstance member, String mapName) {
    return table(member, mapName);
  }

  /** The rows this store reads are the table it writes. */
  Table<K, V> table() {
    return (Table<K, V>) rows();
  }

  @Override
  public void store(K key, V value) {
    storeAll(Map.of(key, value));
  }

  @Override
  public void storeAll(Map<K, V> entries) {
    if (!entries.isEmpty()) {
      inTransaction("storing " + entries.size() + " entries", connection -> table().upsert(connection, entries));
    }
  }

  @Override
  public void delete(K key) {
    deleteAll(List.of(key));
  }

  @Override
  public void deleteAll(Collection<K> keys) {
    if (!keys.isEmpty()) {
      inTransaction("deleting " + keys.size() + " entries", connection -> table().delete(connection, keys));
    }
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
      throw new DatabaseException(what + " in " + table().name() + " failed", failed);
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

  /** A unit of JDBC work on a connection the caller owns. */
  @FunctionalInterface
  interface SqlWork {
    void run(Connection connection) throws SQLException;
  }
}
