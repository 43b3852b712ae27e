package com.flashsale.mapstore;

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
 * A schema of its own in the real test database, for one test class: created empty, migrated by the code
 * under test, dropped afterwards, so tests are independent and can run again and again. The database comes
 * from {@code FLASHSALE_TEST_DB_URL} (default {@value #DEFAULT_URL}), user and password {@code flashsale}
 * ({@code FLASHSALE_TEST_DB_USER}, {@code FLASHSALE_TEST_DB_PASSWORD}).
 */
final class TestDatabase implements AutoCloseable {

  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/flashsale_test";

  final String url = env("FLASHSALE_TEST_DB_URL", DEFAULT_URL);
  final String user = env("FLASHSALE_TEST_DB_USER", "flashsale");
  final String password = env("FLASHSALE_TEST_DB_PASSWORD", "flashsale");
  final String schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

  DatabaseSettings settings() {
    return new DatabaseSettings(url, user, password, schema, 4, 3000);
  }

  /** A pool on this schema, migrated; the caller closes it. */
  Database open() {
    return Database.open(settings());
  }

  private Connection shared;

  /** The rows a query returns, each column by name, read on this fixture's own connection (not the pool's). */
  List<Map<String, Object>> rows(String sql, Object... parameters) {
    try (PreparedStatement query = shared().prepareStatement(sql)) {
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
    } catch (SQLException failed) {
      throw new IllegalStateException(sql + " failed", failed);
    }
  }

  /**
   * Every product whose stored state disagrees with itself, described; empty when PostgreSQL is consistent:
   * each stock row adds up ({@code total == available + held + confirmed}), its {@code held} and
   * {@code confirmed} are the units of its PENDING and CONFIRMED orders, no order is newer than its stock row
   * (a row at version v has every order its ledger changed up to v), and no order lacks its stock row.
   */
  List<Map<String, Object>> productsThatDoNotAddUp() {
    List<Map<String, Object>> wrong = new ArrayList<>(rows("""
        SELECT stock.sale_id, stock.product_id, stock.total, stock.available, stock.held, stock.confirmed,
               stock.version, sum(orders.quantity) FILTER (WHERE orders.status = 'PENDING') AS pending_units,
               sum(orders.quantity) FILTER (WHERE orders.status = 'CONFIRMED') AS confirmed_units,
               max(orders.version) AS newest_order
        FROM stock LEFT JOIN orders ON orders.sale_id = stock.sale_id AND orders.product_id = stock.product_id
                                   AND orders.status <> 'VOIDED'
        GROUP BY stock.sale_id, stock.product_id
        HAVING stock.total <> stock.available + stock.held + stock.confirmed
            OR stock.held <> coalesce(sum(orders.quantity) FILTER (WHERE orders.status = 'PENDING'), 0)
            OR stock.confirmed <> coalesce(sum(orders.quantity) FILTER (WHERE orders.status = 'CONFIRMED'), 0)
            OR coalesce(max(orders.version), 0) > stock.version"""));
    wrong.addAll(rows("""
        SELECT orders.order_id, orders.sale_id, orders.product_id, 'no stock row' AS problem FROM orders
        WHERE orders.status <> 'VOIDED' AND NOT EXISTS (SELECT 1 FROM stock
            WHERE stock.sale_id = orders.sale_id AND stock.product_id = orders.product_id)"""));
    return wrong;
  }

  /** Runs a statement in this schema and returns its update count. */
  int execute(String sql) throws SQLException {
    try (Statement statement = shared().createStatement()) {
      return statement.executeUpdate(sql);
    }
  }

  /** One connection for the fixture's queries, opened on first use: opening one per query costs ~50 ms each. */
  private synchronized Connection shared() throws SQLException {
    if (shared == null) {
      shared = DriverManager.getConnection(url, user, password);
      shared.setSchema(schema);
    }
    return shared;
  }

  @Override
  public void close() throws SQLException {
    if (shared != null) {
      shared.close();
    }
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
