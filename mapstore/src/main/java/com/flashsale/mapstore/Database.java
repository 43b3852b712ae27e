package com.flashsale.mapstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member's connection pool to PostgreSQL, shared by all its map stores and migrated once when it opens.
 * Stores {@linkplain #acquire acquire} it in their {@code init} and {@linkplain #release release} it in
 * {@code destroy}; the last release closes the pool. The member's user context holds it, so that
 * {@link Persistence} finds the same pool the stores write with.
 *
 * <p>Flyway takes PostgreSQL's advisory lock while it migrates, so members starting together migrate once.
 */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final String CONTEXT_KEY = Database.class.getName();
  private static final int CHECK_TIMEOUT_SECONDS = 2;
  /** How often a write held through a stop asks whether PostgreSQL answers again. */
  private static final Duration AWAIT_POLL = Duration.ofSeconds(1);

  private final DatabaseSettings settings;
  private final HikariDataSource pool;
  private int users;
  /** Set when the member begins to stop: from then on writes of what it owns wait out an outage (TableStore). */
  private volatile boolean stopping;
  /** Writes waiting for PostgreSQL to answer again ({@link #awaitAnswer}). */
  private final AtomicInteger waiting = new AtomicInteger();

  private Database(DatabaseSettings settings, HikariDataSource pool) {
    this.settings = settings;
    this.pool = pool;
  }

  /**
   * Opens a pool and brings the schema up to date; the caller owns it and must {@link #close} it. What tests
   * and tools use; members go through {@link #acquire}.
   */
  public static Database open(DatabaseSettings settings) {
    HikariDataSource pool = new HikariDataSource(poolConfig(settings));
    try {
      migrate(pool, settings.schema());
    } catch (RuntimeException migrationFailed) {
      pool.close();
      throw migrationFailed;
    }
    LOG.info("PostgreSQL ready: {}", settings);
    return new Database(settings, pool);
  }

  /**
   * Opens the member's pool and migrates the schema before the member starts, so that its stores find it
   * ready: a store's {@code init} can run on one of Hazelcast's operation threads while the member joins
   * (proxies of existing maps are created there), and a migration there stalls the join.
   */
  static void prepare(ConcurrentMap<String, Object> memberContext, DatabaseSettings settings) {
    synchronized (memberContext) {
      if (!memberContext.containsKey(CONTEXT_KEY)) {
        memberContext.put(CONTEXT_KEY, open(settings));
      }
    }
  }

  /** The member's pool for these settings, opened (and the schema migrated) by the first store that asks. */
  static Database acquire(ConcurrentMap<String, Object> memberContext, DatabaseSettings settings) {
    synchronized (memberContext) {
      Database database = (Database) memberContext.get(CONTEXT_KEY);
      if (database != null && !database.settings.identity().equals(settings.identity())) {
        throw new IllegalStateException("every map store of a member must use one database; have "
            + database.settings + ", asked for " + settings);
      }
      if (database == null) {
        database = open(settings);
        memberContext.put(CONTEXT_KEY, database);
      }
      database.users++;
      return database;
    }
  }

  /** Gives back a pool taken with {@link #acquire}; the last store to leave closes it. */
  static void release(ConcurrentMap<String, Object> memberContext, Database database) {
    synchronized (memberContext) {
      database.users--;
      if (database.users == 0) {
        memberContext.remove(CONTEXT_KEY, database);
        database.close();
      }
    }
  }

  /** The pool the member's stores opened, if any has started yet. */
  static Optional<Database> of(ConcurrentMap<String, Object> memberContext) {
    return Optional.ofNullable((Database) memberContext.get(CONTEXT_KEY));
  }

  public DataSource dataSource() {
    return pool;
  }

  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  public DatabaseSettings settings() {
    return settings;
  }

  public boolean isClosed() {
    return pool.isClosed();
  }

  /** Asks PostgreSQL for a valid connection, waiting at most the pool's connection timeout. */
  DatabaseCheck check() {
    long start = System.nanoTime();
    try (Connection connection = connection()) {
      boolean valid = connection.isValid(CHECK_TIMEOUT_SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      return valid ? DatabaseCheck.up(took) : DatabaseCheck.down(took, "the connection did not validate");
    } catch (SQLException unreachable) {
      // Not a store: the answer to "does it answer?" is no, with the driver's reason.
      return DatabaseCheck.down(Duration.ofNanos(System.nanoTime() - start), unreachable.getMessage());
    }
  }

  /** The member has begun to stop: writes of changes it owns wait out an outage from now on (TableStore). */
  void stopping() {
    stopping = true;
  }

  boolean isStopping() {
    return stopping;
  }

  /** Whether a write is waiting for PostgreSQL to answer again, the member's stop with it. */
  boolean holdsWrites() {
    return waiting.get() > 0;
  }

  /**
   * After a failed write: returns false at once when PostgreSQL answers (the failure is the write's own), else
   * waits, however long, until it answers or {@code stillOurs} says the changes are no longer this member's to
   * write (their partition moved to another member), and returns true: look again and write. False, too, when the
   * thread is interrupted or the pool closed: nothing is left to wait for.
   */
  boolean awaitAnswer(String what, BooleanSupplier stillOurs) {
    if (!stillOurs.getAsBoolean()) {
      return true;
    }
    DatabaseCheck check = check();
    if (check.answers() || isClosed()) {
      return false;
    }
    waiting.incrementAndGet();
    try {
      LOG.warn("PostgreSQL does not answer ({}) while this member stops: {} waits for it, since no other member holds "
          + "those changes. Killing the member now drops them.", check.problem(), what);
      while (!check.answers() && stillOurs.getAsBoolean()) {
        LockSupport.parkNanos(AWAIT_POLL.toNanos());
        if (Thread.currentThread().isInterrupted() || isClosed()) {
          return false;
        }
        check = check();
      }
      LOG.info(check.answers() ? "PostgreSQL answers again: {} is written now" : "{}: another member owns it now",
          what);
      return true;
    } finally {
      waiting.decrementAndGet();
    }
  }

  @Override
  public void close() {
    pool.close();
  }

  private static HikariConfig poolConfig(DatabaseSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("flashsale-postgresql");
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setSchema(settings.schema());
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(1);
    config.setConnectionTimeout(settings.connectionTimeoutMillis());
    config.setValidationTimeout(Math.min(1000, settings.connectionTimeoutMillis()));
    // The pool starts without a connection; the migration that follows is what fails when nothing answers,
    // with PostgreSQL's own message as the cause.
    config.setInitializationFailTimeout(-1);
    // One multi-row INSERT per storeAll batch instead of one round trip per row.
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("ApplicationName", "flashsale-member");
    config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectionTimeoutMillis() / 1000)));
    config.validate();
    return config;
  }

  private static void migrate(DataSource dataSource, String schema) {
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(schema)
        .defaultSchema(schema)
        .createSchemas(true)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
