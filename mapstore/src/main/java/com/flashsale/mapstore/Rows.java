package com.flashsale.mapstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The SQL that reads one map's entries: by key, and the keys the grid loads at start. */
interface Rows<K, V> {

  /** The table's name, for messages. */
  String name();

  /** The stored values of those keys that have a row; absent keys are absent from the result. */
  Map<K, V> load(Connection connection, Collection<K> keys) throws SQLException;

  /** The keys the grid loads at start. */
  List<K> keys(Connection connection) throws SQLException;
}
