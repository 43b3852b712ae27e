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
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/** Small JDBC conversions the tables share: instants to {@code timestamptz}, key lists to SQL arrays. */
final class Sql {

  private Sql() {}

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
}
