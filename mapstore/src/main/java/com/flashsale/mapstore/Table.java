package com.flashsale.mapstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;

/**
 * The SQL that writes one map's entries, on top of reading them ({@link Rows}). Methods run on a connection the
 * caller owns (and commits), so a store can put a whole batch in one transaction.
 *
 * <p>{@link #upsert} must be idempotent and version-guarded: writing an entry again, or an older version of
 * it after a newer one, leaves the newest state in the table.
 */
interface Table<K, V> extends Rows<K, V> {

  void upsert(Connection connection, Map<K, V> entries) throws SQLException;

  void delete(Connection connection, Collection<K> keys) throws SQLException;
}
