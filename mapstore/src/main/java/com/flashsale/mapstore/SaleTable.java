package com.flashsale.mapstore;

import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.WaitingRoom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Map {@code sales} in tables {@code sales} and {@code sale_products}, keyed by sale id. */
final class SaleTable implements Table<String, Sale> {

  private static final String UPSERT_SALE = """
      INSERT INTO sales AS stored (sale_id, name, starts_at, ends_at, ended_at, per_user_limit,
                                   payment_window_seconds, version, require_challenge, room_admit_per_second,
                                   room_admission_seconds)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (sale_id) DO UPDATE SET
        name = EXCLUDED.name, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
        ended_at = EXCLUDED.ended_at, per_user_limit = EXCLUDED.per_user_limit,
        payment_window_seconds = EXCLUDED.payment_window_seconds, version = EXCLUDED.version,
        require_challenge = EXCLUDED.require_challenge, room_admit_per_second = EXCLUDED.room_admit_per_second,
        room_admission_seconds = EXCLUDED.room_admission_seconds
      WHERE stored.version < EXCLUDED.version""";

  // Products are immutable once the sale exists, so a row already there is already right.
  private static final String INSERT_PRODUCT = """
      INSERT INTO sale_products (sale_id, product_id, position, name, description, price, currency, stock)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (sale_id, product_id) DO NOTHING""";

  private static final String SELECT_SALES = """
      SELECT sale_id, name, starts_at, ends_at, ended_at, per_user_limit, payment_window_seconds, version,
             require_challenge, room_admit_per_second, room_admission_seconds
      FROM sales WHERE sale_id = ANY (?)""";

  private static final String SELECT_PRODUCTS = """
      SELECT sale_id, product_id, name, description, price, currency, stock
      FROM sale_products WHERE sale_id = ANY (?) ORDER BY sale_id, position""";

  @Override
  public String name() {
    return "sales";
  }

  @Override
  public void upsert(Connection connection, Map<String, Sale> entries) throws SQLException {
    try (PreparedStatement sales = connection.prepareStatement(UPSERT_SALE);
        PreparedStatement products = connection.prepareStatement(INSERT_PRODUCT)) {
      for (Sale sale : entries.values()) {
        bindSale(sales, sale);
        sales.addBatch();
        int position = 0;
        for (Product product : sale.products().values()) {
          bindProduct(products, sale.saleId(), position++, product);
          products.addBatch();
        }
      }
      // Parents first: the products reference them.
      Sql.checkBatch(sales.executeBatch(), "upserting sales");
      Sql.checkBatch(products.executeBatch(), "inserting sale products");
    }
  }

  @Override
  public void delete(Connection connection, Collection<String> keys) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM sales WHERE sale_id = ANY (?)")) {
      delete.setArray(1, connection.createArrayOf("text", keys.toArray()));
      delete.executeUpdate();
    }
  }

  @Override
  public Map<String, Sale> load(Connection connection, Collection<String> keys) throws SQLException {
    Map<String, List<Product>> products = products(connection, keys);
    return Sql.selectMap(connection, SELECT_SALES, select -> select.setArray(1, Sql.textArray(connection, keys, key -> key)),
        row -> row.getString("sale_id"), row -> sale(row, products.getOrDefault(row.getString("sale_id"), List.of())));
  }

  @Override
  public List<String> keys(Connection connection) throws SQLException {
    return Sql.selectList(connection, "SELECT sale_id FROM sales", Sql.Parameters.NONE, row -> row.getString(1));
  }



  private static void bindSale(PreparedStatement statement, Sale sale) throws SQLException {
    statement.setString(1, sale.saleId());
    statement.setString(2, sale.name());
    Sql.setInstant(statement, 3, sale.startsAt());
    Sql.setInstant(statement, 4, sale.endsAt());
    Sql.setInstant(statement, 5, sale.endedAt());
    statement.setInt(6, sale.perUserLimit());
    statement.setInt(7, sale.paymentWindowSeconds());
    statement.setLong(8, sale.version());
    statement.setBoolean(9, sale.requireChallenge());
    Sql.setNullableInt(statement, 10, sale.waitingRoom() == null ? null : sale.waitingRoom().admitPerSecond());
    Sql.setNullableInt(statement, 11, sale.waitingRoom() == null ? null : sale.waitingRoom().admissionSeconds());
  }

  private static void bindProduct(PreparedStatement statement, String saleId, int position, Product product)
      throws SQLException {
    statement.setString(1, saleId);
    statement.setString(2, product.productId());
    statement.setInt(3, position);
    statement.setString(4, product.name());
    statement.setString(5, product.description());
    statement.setBigDecimal(6, product.price());
    statement.setString(7, product.currency());
    statement.setInt(8, product.stock());
  }

  private static Map<String, List<Product>> products(Connection connection, Collection<String> saleIds)
      throws SQLException {
    Map<String, List<Product>> bySale = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(SELECT_PRODUCTS)) {
      select.setArray(1, connection.createArrayOf("text", saleIds.toArray()));
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          Product product = new Product(row.getString("product_id"), row.getString("name"),
              row.getString("description"), row.getBigDecimal("price"), row.getString("currency"), row.getInt("stock"));
          bySale.computeIfAbsent(row.getString("sale_id"), saleId -> new ArrayList<>()).add(product);
        }
      }
    }
    return bySale;
  }

  private static Sale sale(ResultSet row, List<Product> products) throws SQLException {
    Map<String, Product> byId = new LinkedHashMap<>();
    products.forEach(product -> byId.put(product.productId(), product));
    return new Sale(row.getString("sale_id"), row.getString("name"), Sql.instant(row, "starts_at"),
        Sql.instant(row, "ends_at"), Sql.instant(row, "ended_at"), row.getInt("per_user_limit"),
        row.getInt("payment_window_seconds"), byId, row.getBoolean("require_challenge"), room(row), row.getLong("version"));
  }

  private static WaitingRoom room(ResultSet row) throws SQLException {
    int admitPerSecond = row.getInt("room_admit_per_second");
    return row.wasNull() ? null : new WaitingRoom(admitPerSecond, row.getInt("room_admission_seconds"));
  }
}
