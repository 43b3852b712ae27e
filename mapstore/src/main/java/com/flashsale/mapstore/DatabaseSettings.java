package com.flashsale.mapstore;

import java.util.Properties;

/**
 * Where and how a member reaches PostgreSQL, read once from the map-store properties that
 * {@code PersistenceConfig} (node) fills from {@code FLASHSALE_DB_*} and {@code config/hazelcast.yaml}. A bad
 * value fails fast with a message naming the property, the way HikariCP's {@code validate()} does.
 *
 * @param schema the schema the tables live in (Flyway creates it when missing); tests use a fresh one each
 * @param poolSize the most connections this member opens: write-behind flushes and loads share them
 * @param connectionTimeoutMillis how long a store waits for a connection before it fails and Hazelcast retries
 */
public record DatabaseSettings(
    String jdbcUrl, String user, String password, String schema, int poolSize, long connectionTimeoutMillis) {

  public static final String JDBC_URL = "jdbc-url";
  public static final String JDBC_USER = "jdbc-user";
  public static final String JDBC_PASSWORD = "jdbc-password";
  public static final String SCHEMA = "schema";
  public static final String POOL_SIZE = "pool-size";
  public static final String CONNECTION_TIMEOUT_MILLIS = "connection-timeout-millis";

  public DatabaseSettings {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(JDBC_URL + " must be a jdbc:postgresql: URL, got '" + jdbcUrl + "'");
    }
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException(JDBC_USER + " must not be blank");
    }
    if (schema == null || !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException(SCHEMA + " must be a lower-case SQL identifier, got '" + schema + "'");
    }
    if (poolSize < 1 || poolSize > 200) {
      throw new IllegalArgumentException(POOL_SIZE + " must be 1..200, got " + poolSize);
    }
    // HikariCP refuses less than 250 ms.
    if (connectionTimeoutMillis < 250) {
      throw new IllegalArgumentException(CONNECTION_TIMEOUT_MILLIS + " must be at least 250, got " + connectionTimeoutMillis);
    }
  }

  /** The settings in a map store's properties; absent optional ones take their defaults. */
  public static DatabaseSettings from(Properties properties) {
    return new DatabaseSettings(
        properties.getProperty(JDBC_URL),
        properties.getProperty(JDBC_USER),
        properties.getProperty(JDBC_PASSWORD, ""),
        properties.getProperty(SCHEMA, "public").trim(),
        integer(properties, POOL_SIZE, 8),
        integer(properties, CONNECTION_TIMEOUT_MILLIS, 3000));
  }

  /** What tells two pools apart: members share one pool per database, user and schema. */
  String identity() {
    return jdbcUrl + '|' + user + '|' + schema;
  }

  private static int integer(Properties properties, String key, int fallback) {
    String raw = properties.getProperty(key);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + raw + "'", notANumber);
    }
  }

  @Override
  public String toString() {
    // Never the password: settings end up in logs and exception messages.
    return "DatabaseSettings[" + jdbcUrl + ", user=" + user + ", schema=" + schema + ", poolSize=" + poolSize + "]";
  }
}
