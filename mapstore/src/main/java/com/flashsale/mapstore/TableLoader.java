package com.flashsale.mapstore;

import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.service.StoredLedgers;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapLoader;
import com.hazelcast.map.MapLoaderLifecycleSupport;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every map loader does with its {@link Rows}: loads by key, lists the keys the grid loads at start, and
 * uses the member's shared pool, taken in {@link #init} and given back in {@link #destroy}. {@link TableStore}
 * adds the writes; a map whose rows another map's store writes (the idempotency keys, which reach PostgreSQL
 * with their order, in its ledger's transaction) has a loader only.
 *
 * <p>Property {@value #READ_THROUGH} (default {@code true}) says whether a key the grid does not hold is looked
 * up in PostgreSQL. Hazelcast asks the loader for every key an entry processor touches first, new orders
 * included; for maps loaded in full at start the answer is known to be "absent", and leaving PostgreSQL out
 * keeps it off the hot path and lets the grid sell while the database is down. The same holds for
 * {@link #loadAll} once the member has finished its initial load ({@link FlashSaleNode#initialLoadDone}): before,
 * it is how the initial load reads the table; after, Hazelcast calls it only for a {@code getAll} of keys the grid
 * does not hold, on the partition thread itself (the maps do not offload, see {@code config/hazelcast.yaml}),
 * where a query must not run, let alone wait for an unreachable database.
 */
abstract class TableLoader<K, V> implements MapLoader<K, V>, MapLoaderLifecycleSupport {

  public static final String READ_THROUGH = "read-through";
  private static final Logger LOG = LoggerFactory.getLogger(TableLoader.class);
  private static final String INITIAL_LOAD_INCOMPLETE = "flashsale.initialLoadIncomplete";
  /** How long a load of the initial load keeps trying before the member gives up being ready. */
  static final Duration INITIAL_LOAD_PATIENCE = Duration.ofMinutes(5);
  private static final Duration RETRY_EVERY = Duration.ofMillis(200);

  private Rows<K, V> rows;
  private Database database;
  private ConcurrentMap<String, Object> memberContext;
  private boolean readThrough = true;

  /** For Hazelcast, which creates loaders by class name and then calls {@link #init}. */
  TableLoader() {}

  /** For tests and tools: a loader on a pool the caller owns and closes. */
  TableLoader(Rows<K, V> rows, Database database, boolean readThrough) {
    this.rows = rows;
    this.database = database;
    this.readThrough = readThrough;
  }

  /** The rows of this member's map; called once from {@link #init}. */
  abstract Rows<K, V> rows(HazelcastInstance member, String mapName);

  @Override
  public void init(HazelcastInstance member, Properties properties, String mapName) {
    DatabaseSettings settings = DatabaseSettings.from(properties);
    readThrough = flag(properties, READ_THROUGH, true);
    rows = rows(member, mapName);
    // Hazelcast re-creates a map's container while the member shuts down (to deregister its listeners),
    // after it destroyed the stores: a pool opened then would never be closed, and nothing uses it.
    if (member.getLifecycleService().isRunning()) {
      memberContext = member.getUserContext();
      database = Database.acquire(memberContext, settings);
      // The member's reconciler finds PostgreSQL's side of its checks here (node cannot see this module).
      memberContext.putIfAbsent(StoredLedgers.CONTEXT_KEY,
          new PersistenceReconciliation(settings.schema(), PersistenceReconciliation.DEFAULT_SETTLE));
    }
  }

  @Override
  public void destroy() {
    if (memberContext != null && database != null) {
      Database.release(memberContext, database);
      database = null;
    }
  }

  @Override
  public V load(K key) {
    return readThrough ? loadAll(List.of(key)).get(key) : null;
  }

  @Override
  public Map<K, V> loadAll(Collection<K> keys) {
    if (keys.isEmpty() || !readThrough && memberContext != null && FlashSaleNode.initialLoadDone(memberContext)) {
      return Map.of();
    }
    long giveUpAt = System.nanoTime() + (initialLoad() ? INITIAL_LOAD_PATIENCE.toNanos() : 0);
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = database().connection()) {
        return rows.load(connection, keys);
      } catch (SQLException failed) {
        if (System.nanoTime() >= giveUpAt) {
          if (initialLoad()) {
            memberContext.put(INITIAL_LOAD_INCOMPLETE, rows.name());
            LOG.error("The initial load of {} gave up on {} entries: this member stays not ready", rows.name(),
                keys.size(), failed);
          }
          throw new DatabaseException("loading " + keys.size() + " entries from " + rows.name() + " failed", failed);
        }
        // Hazelcast does not retry a failed load: the keys would be missing from the grid for good (a ledger
        // missing is a product that answers 503; an idempotency key missing, a replay that places again). At
        // start every map loads at once and a pool of a few connections runs dry, so the load waits its turn.
        if (attempt == 1) {
          LOG.warn("Loading {} entries of {} failed ({}); retrying until it succeeds", keys.size(), rows.name(),
              failed.getMessage());
        }
        LockSupport.parkNanos(RETRY_EVERY.toNanos());
      }
    }
  }

  /**
   * Whether a load of this member's initial load failed for good (the map then lacks entries PostgreSQL has):
   * readiness stays down, so a member with holes never takes shoppers.
   */
  static boolean initialLoadIncomplete(Map<String, Object> memberContext) {
    return memberContext.containsKey(INITIAL_LOAD_INCOMPLETE);
  }

  private boolean initialLoad() {
    return memberContext != null && !FlashSaleNode.initialLoadDone(memberContext);
  }

  @Override
  public Iterable<K> loadAllKeys() {
    try (Connection connection = database().connection()) {
      return rows.keys(connection);
    } catch (SQLException failed) {
      throw new DatabaseException("listing the keys of " + rows.name() + " failed", failed);
    }
  }

  /** For tests: the member context a loader created by Hazelcast would have taken from its member. */
  void memberContext(ConcurrentMap<String, Object> context) {
    this.memberContext = context;
  }

  /** False for a loader created while its member shut down: it holds no pool and must not be used. */
  boolean isStarted() {
    return database != null;
  }

  Database database() {
    if (database == null) {
      throw new IllegalStateException(rows.name() + " store is not started: it was created while its member shut down");
    }
    return database;
  }

  Rows<K, V> rows() {
    return rows;
  }

  private static boolean flag(Properties properties, String key, boolean fallback) {
    String raw = properties.getProperty(key);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    if (!raw.trim().equals("true") && !raw.trim().equals("false")) {
      throw new IllegalArgumentException(key + " must be true or false, got '" + raw + "'");
    }
    return Boolean.parseBoolean(raw.trim());
  }
}
