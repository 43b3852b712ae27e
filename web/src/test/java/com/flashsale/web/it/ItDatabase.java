package com.flashsale.web.it;

import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.ProductKey;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The test PostgreSQL as the ITs read it: a fresh schema per test class (the members create and migrate
 * it), read directly with JDBC to see what write-behind really wrote, dropped at the end. The database comes
 * from {@code FLASHSALE_TEST_DB_URL}, {@code _USER}, {@code _PASSWORD} (defaults: the {@code flashsale_test}
 * database that {@code scripts/lib/postgres.sh} creates).
 */
final class ItDatabase implements AutoCloseable {

  final String url = env("FLASHSALE_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/flashsale_test");
  final String user = env("FLASHSALE_TEST_DB_USER", "flashsale");
  final String password = env("FLASHSALE_TEST_DB_PASSWORD", "flashsale");
  final String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

  /** Host and port of the server, for a proxy in front of it. */
  URI server() {
    return URI.create(url.substring("jdbc:".length()));
  }

  /** The same database reached through another host and port (a {@link TcpProxy}). */
  String urlThrough(int port) {
    return urlThrough("127.0.0.1", port);
  }

  /** The same database reached through a proxy listening at {@code host}:{@code port}. */
  String urlThrough(String host, int port) {
    URI server = server();
    return "jdbc:postgresql://" + host + ":" + port + server.getRawPath()
        + (server.getRawQuery() == null ? "" : "?" + server.getRawQuery());
  }

  /** The rows a query returns in this schema, each column by name. */
  List<Map<String, Object>> rows(String sql, Object... parameters) {
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      connection.setSchema(schema);
      try (PreparedStatement query = connection.prepareStatement(sql)) {
        for (int i = 0; i < parameters.length; i++) {
          query.setObject(i + 1, parameters[i]);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
          while (row.next()) {
            Map<String, Object> columns = new LinkedHashMap<>();
            for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
              columns.put(row.getMetaData().getColumnLabel(column), row.getObject(column));
            }
            rows.add(columns);
          }
        }
        return rows;
      }
    } catch (SQLException failed) {
      throw new IllegalStateException(sql + " failed in schema " + schema, failed);
    }
  }

  /** Runs statements in this schema (test data written straight into PostgreSQL). */
  void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      connection.setSchema(schema);
      statement.execute(sql);
    } catch (SQLException failed) {
      throw new IllegalStateException(sql + " failed in schema " + schema, failed);
    }
  }

  /**
   * The orders table as {@code orderId -> "STATUS[:REASON]"}, keyed by the id the API answers ({@link #orderIdOf})
   * and valued in the shape {@link Ledger#statusOf} gives grid orders.
   */
  Map<String, String> orderStatuses() {
    Map<String, String> statuses = new LinkedHashMap<>();
    for (Map<String, Object> row : rows("SELECT order_id, sale_id, product_id, status, cancel_reason FROM orders")) {
      Object reason = row.get("cancel_reason");
      statuses.put(orderIdOf(row), row.get("status") + (reason == null ? "" : ":" + reason));
    }
    return statuses;
  }

  /**
   * The id the API gives the order of an {@code orders} row (columns {@code order_id}, {@code sale_id},
   * {@code product_id}): the row's number and its product's shard, so that a row read back under the wrong
   * product, or an answer naming the wrong shard, shows as a different order.
   */
  static String orderIdOf(Map<String, Object> row) {
    ProductKey product = new ProductKey((String) row.get("sale_id"), (String) row.get("product_id"));
    return new OrderId(((Number) row.get("order_id")).longValue(), product.shard()).toString();
  }

  /** The stock table as {@code productId -> available}, for one sale. */
  Map<String, Integer> availableBy(String saleId) {
    Map<String, Integer> available = new LinkedHashMap<>();
    rows("SELECT product_id, available FROM stock WHERE sale_id = ?", saleId)
        .forEach(row -> available.put((String) row.get("product_id"), (Integer) row.get("available")));
    return available;
  }

  @Override
  public void close() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private static String env(String key, String fallback) {
    String value = System.getenv(key);
    return value == null || value.isBlank() ? fallback : value;
  }
}
