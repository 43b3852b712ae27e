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

  /** The rows a query returns, each column by name, read on a connection of its own. */
  List<Map<String, Object>> rows(String sql, Object... parameters) {
    try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(sql)) {
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

  /** Runs a statement in this schema and returns its update count. */
  int execute(String sql) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      return statement.executeUpdate(sql);
    }
  }

  Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(url, user, password);
    connection.setSchema(schema);
    return connection;
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
