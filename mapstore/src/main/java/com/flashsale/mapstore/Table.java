package com.flashsale.mapstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The SQL of one map: how its entries are upserted, deleted, loaded and versioned. Methods run on a
 * connection the caller owns (and commits), so a store can put a whole batch in one transaction.
 *
 * <p>{@link #upsert} must be idempotent and version-guarded: writing an entry again, or an older version of
 * it after a newer one, leaves the newest state in the table.
 */
interface Table<K, V> {

  /** The table's name, for messages. */
  String name();

  void upsert(Connection connection, Map<K, V> entries) throws SQLException;

  void delete(Connection connection, Collection<K> keys) throws SQLException;

  /** The stored values of those keys that have a row; absent keys are absent from the result. */
  Map<K, V> load(Connection connection, Collection<K> keys) throws SQLException;

  /** The keys the grid loads at start. */
  List<K> keys(Connection connection) throws SQLException;

  /** The stored versions of those keys that have a row. */
  Map<K, Long> versions(Connection connection, Collection<K> keys) throws SQLException;

  long version(V value);

  /** Whether the grid's value says more than a row stored at {@code storedVersion}. */
  default boolean isNewerThan(V value, long storedVersion) {
    return version(value) > storedVersion;
  }
}
