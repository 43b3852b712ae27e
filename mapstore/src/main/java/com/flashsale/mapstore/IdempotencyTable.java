package com.flashsale.mapstore;

import com.flashsale.node.domain.IdempotencyRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Map {@code idempotency} in table {@code idempotency_keys}, keyed by the client's key. Records carry no
 * version, but their states are ordered all the same: a claim (order id, claim instant), then possibly the
 * same claim without its order (a rejected placement keeps the instant and sets
 * {@link IdempotencyRecord#NO_ORDER}), then possibly a fresh claim with a later instant. So a write replaces
 * the row when its claim is later, or when it is the row's own claim let go of its order; a replayed older
 * state never does.
 *
 * <p>Only claims younger than the map's time to live are loaded or kept: expiry in the grid never reaches a
 * MapStore as a delete, so this table forgets old claims by itself ({@link #purge}).
 */
final class IdempotencyTable implements Table<String, IdempotencyRecord> {

  private static final String UPSERT = """
      INSERT INTO idempotency_keys AS stored (idempotency_key, request_hash, order_id, claimed_at)
      VALUES (?, ?, ?, ?)
      ON CONFLICT (idempotency_key) DO UPDATE SET
        request_hash = EXCLUDED.request_hash, order_id = EXCLUDED.order_id, claimed_at = EXCLUDED.claimed_at
      WHERE stored.claimed_at < EXCLUDED.claimed_at
         OR (stored.claimed_at = EXCLUDED.claimed_at AND stored.order_id <> 0 AND EXCLUDED.order_id = 0)""";

  private final Duration retention;
  private final Clock clock;

  IdempotencyTable(Duration retention, Clock clock) {
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "idempotency_keys";
  }

  @Override
  public void upsert(Connection connection, Map<String, IdempotencyRecord> entries) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      for (Map.Entry<String, IdempotencyRecord> entry : entries.entrySet()) {
        IdempotencyRecord record = entry.getValue();
        upsert.setString(1, entry.getKey());
        upsert.setString(2, record.requestHash());
        upsert.setLong(3, record.orderId());
        Sql.setEpochMillis(upsert, 4, record.claimedAt());
        upsert.addBatch();
      }
      Sql.checkBatch(upsert.executeBatch(), "upserting idempotency keys");
    }
  }

  @Override
  public void delete(Connection connection, Collection<String> keys) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM idempotency_keys WHERE idempotency_key = ANY (?)")) {
      delete.setArray(1, connection.createArrayOf("text", keys.toArray()));
      delete.executeUpdate();
    }
  }

  @Override
  public Map<String, IdempotencyRecord> load(Connection connection, Collection<String> keys) throws SQLException {
    return Sql.selectMap(connection, """
        SELECT idempotency_key, request_hash, order_id, claimed_at FROM idempotency_keys
        WHERE idempotency_key = ANY (?) AND claimed_at > ?""", select -> {
          select.setArray(1, Sql.textArray(connection, keys, key -> key));
          Sql.setInstant(select, 2, oldestLiving());
        }, row -> row.getString("idempotency_key"), row -> new IdempotencyRecord(row.getString("request_hash"),
            row.getLong("order_id"), Sql.epochMillis(row, "claimed_at")));
  }

  @Override
  public List<String> keys(Connection connection) throws SQLException {
    return Sql.selectList(connection, "SELECT idempotency_key FROM idempotency_keys WHERE claimed_at > ?",
        select -> Sql.setInstant(select, 1, oldestLiving()), row -> row.getString(1));
  }

  @Override
  public Map<String, Long> versions(Connection connection, Collection<String> keys) throws SQLException {
    Map<String, Long> versions = new HashMap<>();
    load(connection, keys).forEach((key, record) -> versions.put(key, record.claimedAt()));
    return versions;
  }

  @Override
  public long version(IdempotencyRecord record) {
    return record.claimedAt();
  }

  /** Deletes the claims the grid has expired; returns how many. */
  int purge(Connection connection) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM idempotency_keys WHERE claimed_at <= ?")) {
      Sql.setInstant(delete, 1, oldestLiving());
      return delete.executeUpdate();
    }
  }

  private Instant oldestLiving() {
    return clock.instant().minus(retention);
  }
}
