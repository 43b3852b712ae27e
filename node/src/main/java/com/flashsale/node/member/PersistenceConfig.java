package com.flashsale.node.member;

import com.hazelcast.config.Config;
import com.hazelcast.config.DataConnectionConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;

/**
 * Switches on the PostgreSQL map stores that {@code config/hazelcast.yaml} declares, and gives them the
 * database from the environment ({@code FLASHSALE_DB_URL}, {@code _USER}, {@code _PASSWORD}). The file ships
 * them disabled so that grid tests starting members from it alone need neither PostgreSQL nor the
 * {@code mapstore} module; a real member always persists. Node knows the stores only by the class names
 * in the file, never at compile time.
 */
public final class PersistenceConfig {

  /** The map-store properties the stores read (see {@code com.flashsale.mapstore.DatabaseSettings}). */
  public static final String JDBC_URL = "jdbc-url";
  public static final String JDBC_USER = "jdbc-user";
  public static final String JDBC_PASSWORD = "jdbc-password";
  public static final String SCHEMA = "schema";
  /** The Jet data connection to the same database, through which reconciliation jobs read the stock rows. */
  public static final String DATA_CONNECTION = "flashsale-postgres";

  private PersistenceConfig() {}

  /** Every map whose file names a store class persists, to the database of {@code settings}. */
  public static Config apply(Config config, Settings settings) {
    for (MapConfig map : config.getMapConfigs().values()) {
      MapStoreConfig store = map.getMapStoreConfig();
      if (store != null && store.getClassName() != null && !store.getClassName().isBlank()) {
        store.setEnabled(true)
            .setProperty(JDBC_URL, settings.databaseUrl())
            .setProperty(JDBC_USER, settings.databaseUser())
            .setProperty(JDBC_PASSWORD, settings.databasePassword())
            .setProperty(SCHEMA, settings.databaseSchema());
      }
    }
    if (config.getMapConfigs().values().stream().anyMatch(map -> map.getMapStoreConfig().isEnabled())) {
      // Its own small pool, opened on first use: a reconciliation never waits for write-behind's connections.
      config.addDataConnectionConfig(new DataConnectionConfig(DATA_CONNECTION)
          .setType("JDBC")
          .setShared(true)
          .setProperty("jdbcUrl", settings.databaseUrl())
          .setProperty("user", settings.databaseUser())
          .setProperty("password", settings.databasePassword())
          .setProperty("maximumPoolSize", "2"));
    }
    return config;
  }
}
