package com.flashsale.mapstore;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/** Small JDBC conversions the tables share: instants to {@code timestamptz}, key lists to SQL arrays. */
final class Sql {

  /** Sets a query's parameters. */
  @FunctionalInterface
  interface Parameters {
    Parameters NONE = statement -> { };

    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Reads one value from the current row of a result. */
  @FunctionalInterface
  interface Row<T> {
    T read(ResultSet row) throws SQLException;
  }

  private Sql() {}

  /** Every row of the query as one entry, key and value read from the row. */
  static <K, V> Map<K, V> selectMap(Connection connection, String sql, Parameters parameters, Row<K> key,
      Row<V> value) throws SQLException {
    Map<K, V> result = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      parameters.bind(select);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          result.put(key.read(row), value.read(row));
        }
      }
    }
    return result;
  }

  /** Every row of the query as one value. */
  static <T> List<T> selectList(Connection connection, String sql, Parameters parameters, Row<T> value)
      throws SQLException {
    List<T> result = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      parameters.bind(select);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          result.add(value.read(row));
        }
      }
    }
    return result;
  }

  static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
  }

  static void setEpochMillis(PreparedStatement statement, int index, long epochMillis) throws SQLException {
    setInstant(statement, index, Instant.ofEpochMilli(epochMillis));
  }

  static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static long epochMillis(ResultSet row, String column) throws SQLException {
    return instant(row, column).toEpochMilli();
  }

  static <K> Array textArray(Connection connection, Collection<K> keys, Function<K, String> part) throws SQLException {
    return connection.createArrayOf("text", keys.stream().map(part).toArray(String[]::new));
  }

  static Array bigintArray(Connection connection, Collection<Long> keys) throws SQLException {
    return connection.createArrayOf("bigint", keys.toArray(Long[]::new));
  }

  /** Throws when a batch reports a failed row: the driver normally throws itself, this keeps the rule explicit. */
  static void checkBatch(int[] counts, String what) throws SQLException {
    for (int count : counts) {
      if (count == Statement.EXECUTE_FAILED) {
        throw new SQLException(what + ": a row of the batch failed");
      }
    }
  }

  static <T> List<List<T>> chunks(List<T> items, int size) {
    return IntStream.range(0, (items.size() + size - 1) / size)
        .mapToObj(chunk -> items.subList(chunk * size, Math.min(items.size(), (chunk + 1) * size)))
        .toList();
  }

  static void setNullableInt(PreparedStatement statement, int index, Integer value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setInt(index, value);
    }
  }
}
