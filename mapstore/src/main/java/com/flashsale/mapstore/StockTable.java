package com.flashsale.mapstore;

import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Map {@code stock} in table {@code stock}, keyed by (sale id, product id); holds are a jsonb array. */
final class StockTable implements Table<ProductKey, Stock> {

  private static final String UPSERT = """
      INSERT INTO stock AS stored (sale_id, product_id, total, available, held, confirmed, holds, opens_at,
                                   closes_at, version)
      VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
      ON CONFLICT (sale_id, product_id) DO UPDATE SET
        total = EXCLUDED.total, available = EXCLUDED.available, held = EXCLUDED.held,
        confirmed = EXCLUDED.confirmed, holds = EXCLUDED.holds, opens_at = EXCLUDED.opens_at,
        closes_at = EXCLUDED.closes_at, version = EXCLUDED.version
      WHERE stored.version < EXCLUDED.version""";

  // The keys arrive as two parallel arrays: one statement for a whole load batch, whatever its size.
  private static final String SELECT = """
      SELECT sale_id, product_id, total, available, confirmed, holds::text AS holds, opens_at, closes_at, version
      FROM stock JOIN unnest(?::text[], ?::text[]) AS wanted (sale_id, product_id) USING (sale_id, product_id)""";

  private static final String SELECT_VERSIONS = """
      SELECT sale_id, product_id, version
      FROM stock JOIN unnest(?::text[], ?::text[]) AS wanted (sale_id, product_id) USING (sale_id, product_id)""";

  private static final String DELETE = """
      DELETE FROM stock USING unnest(?::text[], ?::text[]) AS doomed (sale_id, product_id)
      WHERE stock.sale_id = doomed.sale_id AND stock.product_id = doomed.product_id""";

  @Override
  public String name() {
    return "stock";
  }

  @Override
  public void upsert(Connection connection, Map<ProductKey, Stock> entries) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      for (Map.Entry<ProductKey, Stock> entry : entries.entrySet()) {
        bind(upsert, entry.getKey(), entry.getValue());
        upsert.addBatch();
      }
      Sql.checkBatch(upsert.executeBatch(), "upserting stock");
    }
  }

  @Override
  public void delete(Connection connection, Collection<ProductKey> keys) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
      bindKeys(connection, delete, keys);
      delete.executeUpdate();
    }
  }

  @Override
  public Map<ProductKey, Stock> load(Connection connection, Collection<ProductKey> keys) throws SQLException {
    return Sql.selectMap(connection, SELECT, select -> bindKeys(connection, select, keys), StockTable::key,
        StockTable::stock);
  }

  @Override
  public List<ProductKey> keys(Connection connection) throws SQLException {
    return Sql.selectList(connection, "SELECT sale_id, product_id FROM stock", Sql.Parameters.NONE, StockTable::key);
  }

  @Override
  public Map<ProductKey, Long> versions(Connection connection, Collection<ProductKey> keys) throws SQLException {
    return Sql.selectMap(connection, SELECT_VERSIONS, select -> bindKeys(connection, select, keys), StockTable::key,
        row -> row.getLong("version"));
  }

  @Override
  public long version(Stock stock) {
    return stock.version();
  }

  private static void bind(PreparedStatement statement, ProductKey key, Stock stock) throws SQLException {
    statement.setString(1, key.saleId());
    statement.setString(2, key.productId());
    statement.setInt(3, stock.total());
    statement.setInt(4, stock.available());
    statement.setInt(5, stock.pendingUnits());
    statement.setInt(6, stock.confirmed());
    statement.setString(7, Json.holds(stock.holds()));
    Sql.setEpochMillis(statement, 8, stock.opensAt());
    Sql.setEpochMillis(statement, 9, stock.closesAt());
    statement.setLong(10, stock.version());
  }

  private static void bindKeys(Connection connection, PreparedStatement statement, Collection<ProductKey> keys)
      throws SQLException {
    statement.setArray(1, Sql.textArray(connection, keys, ProductKey::saleId));
    statement.setArray(2, Sql.textArray(connection, keys, ProductKey::productId));
  }

  private static ProductKey key(ResultSet row) throws SQLException {
    return new ProductKey(row.getString("sale_id"), row.getString("product_id"));
  }

  private static Stock stock(ResultSet row) throws SQLException {
    return new Stock(row.getInt("total"), row.getInt("available"), row.getInt("confirmed"),
        Json.holds(row.getString("holds")), Sql.epochMillis(row, "opens_at"), Sql.epochMillis(row, "closes_at"),
        row.getLong("version"));
  }
}
