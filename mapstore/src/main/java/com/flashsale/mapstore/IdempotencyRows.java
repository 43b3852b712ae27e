package com.flashsale.mapstore;

import com.flashsale.node.domain.IdempotencyRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Map {@code idempotency} read from the orders that carry a key: a key is stored in the row of the order it
 * created, never on its own. Only keys of orders created within the map's time to live are loaded.
 */
final class IdempotencyRows implements Rows<String, IdempotencyRecord> {

  /** The idempotency map's time to live (config/hazelcast.yaml): the contract's 24 hours and one more. */
  static final long KEEP_SECONDS = 90_000;

  private static final String YOUNG = "idempotency_key IS NOT NULL AND " + OrderTable.REAL
      + " AND created_at > now() - make_interval(secs => " + KEEP_SECONDS + ")";

  @Override
  public String name() {
    return "orders (idempotency keys)";
  }

  @Override
  public Map<String, IdempotencyRecord> load(Connection connection, Collection<String> keys) throws SQLException {
    // A key both sides of a network split bound names two orders; the earliest one is the key's.
    return Sql.selectMap(connection, """
        SELECT DISTINCT ON (idempotency_key) idempotency_key, request_hash, order_id, created_at FROM orders
        WHERE idempotency_key = ANY (?) AND""" + " " + YOUNG + " ORDER BY idempotency_key, created_at, order_id",
        select -> select.setArray(1, Sql.textArray(connection, keys, key -> key)),
        row -> row.getString("idempotency_key"),
        row -> new IdempotencyRecord(row.getString("request_hash"), row.getLong("order_id"),
            Sql.instant(row, "created_at").toEpochMilli()));
  }

  @Override
  public List<String> keys(Connection connection) throws SQLException {
    return Sql.selectList(connection, "SELECT DISTINCT idempotency_key FROM orders WHERE " + YOUNG,
        Sql.Parameters.NONE, row -> row.getString(1));
  }
}
