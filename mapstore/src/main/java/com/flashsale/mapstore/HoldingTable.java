package com.flashsale.mapstore;

import com.flashsale.node.domain.HeldOrder;
import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Map {@code holdings} in table {@code holdings}, keyed by (sale id, product id, user id).
 *
 * <p>The grid removes a holding once it is empty and a later reservation starts a new one at version 1, so
 * the version orders the states of one life only. Across lives the reservation instants do: the orders of a
 * newer life were all reserved after every order of an older one. Hence the guard: a write replaces the row
 * when it is a later version of the same life (the row's orders are not all newer than the write's), or when
 * all its orders are newer than all of the row's (a new life, even if the delete between them never landed).
 * It relies on member clocks agreeing to within the time between two reservations of one user and product.
 */
final class HoldingTable implements Table<HoldingKey, Holding> {

  private static final String UPSERT = """
      INSERT INTO holdings AS stored (sale_id, product_id, user_id, held, orders, earliest_reserved_at,
                                      latest_reserved_at, version)
      VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?)
      ON CONFLICT (sale_id, product_id, user_id) DO UPDATE SET
        held = EXCLUDED.held, orders = EXCLUDED.orders, earliest_reserved_at = EXCLUDED.earliest_reserved_at,
        latest_reserved_at = EXCLUDED.latest_reserved_at, version = EXCLUDED.version
      WHERE (stored.version < EXCLUDED.version
             AND NOT coalesce(stored.earliest_reserved_at > EXCLUDED.latest_reserved_at, false))
         OR coalesce(EXCLUDED.earliest_reserved_at > stored.latest_reserved_at, false)""";

  private static final String KEYS = "unnest(?::text[], ?::text[], ?::text[]) AS wanted (sale_id, product_id, user_id)";

  private static final String SELECT = "SELECT sale_id, product_id, user_id, orders::text AS orders, version FROM holdings"
      + " JOIN " + KEYS + " USING (sale_id, product_id, user_id)";

  private static final String SELECT_VERSIONS = "SELECT sale_id, product_id, user_id, version FROM holdings"
      + " JOIN " + KEYS + " USING (sale_id, product_id, user_id)";

  private static final String DELETE = "DELETE FROM holdings USING " + KEYS
      + " WHERE holdings.sale_id = wanted.sale_id AND holdings.product_id = wanted.product_id"
      + " AND holdings.user_id = wanted.user_id";

  @Override
  public String name() {
    return "holdings";
  }

  @Override
  public void upsert(Connection connection, Map<HoldingKey, Holding> entries) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      for (Map.Entry<HoldingKey, Holding> entry : entries.entrySet()) {
        bind(upsert, entry.getKey(), entry.getValue());
        upsert.addBatch();
      }
      Sql.checkBatch(upsert.executeBatch(), "upserting holdings");
    }
  }

  @Override
  public void delete(Connection connection, Collection<HoldingKey> keys) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
      bindKeys(connection, delete, keys);
      delete.executeUpdate();
    }
  }

  @Override
  public Map<HoldingKey, Holding> load(Connection connection, Collection<HoldingKey> keys) throws SQLException {
    return Sql.selectMap(connection, SELECT, select -> bindKeys(connection, select, keys), HoldingTable::key,
        row -> new Holding(Json.heldOrders(row.getString("orders")), row.getLong("version")));
  }

  @Override
  public List<HoldingKey> keys(Connection connection) throws SQLException {
    return Sql.selectList(connection, "SELECT sale_id, product_id, user_id FROM holdings", Sql.Parameters.NONE, HoldingTable::key);
  }

  @Override
  public Map<HoldingKey, Long> versions(Connection connection, Collection<HoldingKey> keys) throws SQLException {
    return Sql.selectMap(connection, SELECT_VERSIONS, select -> bindKeys(connection, select, keys), HoldingTable::key,
        row -> row.getLong("version"));
  }

  @Override
  public long version(Holding holding) {
    return holding.version();
  }

  /** A different version is news either way: a lower one in the grid is a newer life of the key. */
  @Override
  public boolean isNewerThan(Holding holding, long storedVersion) {
    return holding.version() != storedVersion;
  }

  private static void bind(PreparedStatement statement, HoldingKey key, Holding holding) throws SQLException {
    statement.setString(1, key.saleId());
    statement.setString(2, key.productId());
    statement.setString(3, key.userId());
    statement.setInt(4, holding.held());
    statement.setString(5, Json.heldOrders(holding.orders()));
    Sql.setInstant(statement, 6, reservedAt(holding, true));
    Sql.setInstant(statement, 7, reservedAt(holding, false));
    statement.setLong(8, holding.version());
  }

  private static Instant reservedAt(Holding holding, boolean earliest) {
    var instants = holding.orders().stream().mapToLong(HeldOrder::reservedAt);
    var found = earliest ? instants.min() : instants.max();
    return found.isPresent() ? Instant.ofEpochMilli(found.getAsLong()) : null;
  }

  private static void bindKeys(Connection connection, PreparedStatement statement, Collection<HoldingKey> keys)
      throws SQLException {
    statement.setArray(1, Sql.textArray(connection, keys, HoldingKey::saleId));
    statement.setArray(2, Sql.textArray(connection, keys, HoldingKey::productId));
    statement.setArray(3, Sql.textArray(connection, keys, HoldingKey::userId));
  }

  private static HoldingKey key(ResultSet row) throws SQLException {
    return new HoldingKey(row.getString("sale_id"), row.getString("product_id"), row.getString("user_id"));
  }
}
