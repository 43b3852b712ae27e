package com.flashsale.mapstore;

import com.flashsale.node.member.MapNames;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the web layer asks about persistence on its member: whether PostgreSQL answers (readiness), how many
 * changes write-behind still owes it (metrics, readiness body). It uses the pool the member's map stores opened; until one has started (the first
 * {@code getMap} of a persisted map starts them) the database counts as not answering.
 *
 * <p>Initial load: the persisted maps load with {@code initial-mode: EAGER}, so a {@code getMap} of each of
 * {@link #PERSISTED_MAPS} returns once that map is loaded; call it before reporting ready.
 */
public final class Persistence {

  /** The maps with a MapStore, in the order they are best loaded and reported. */
  public static final List<String> PERSISTED_MAPS =
      List.of(MapNames.SALES, MapNames.LEDGERS, MapNames.IDEMPOTENCY);

  private final HazelcastInstance member;

  private Persistence(HazelcastInstance member) {
    this.member = member;
  }

  /**
   * Opens the database of the map stores {@code config} enables and migrates its schema, before the member
   * starts: the stores then only take the ready pool from the member's user context. Fails, with the
   * driver's reason, when PostgreSQL does not answer, so a member never joins unable to persist.
   */
  public static void prepare(Config config) {
    config.getMapConfigs().values().stream()
        .map(map -> map.getMapStoreConfig())
        .filter(store -> store != null && store.isEnabled())
        .findFirst()
        .ifPresent(store -> Database.prepare(config.getUserContext(), DatabaseSettings.from(store.getProperties())));
  }

  public static Persistence of(HazelcastInstance member) {
    return new Persistence(member);
  }

  /** The pool the member's map stores opened, if one has yet: for its metrics (HikariCP's tracker). */
  public Optional<javax.sql.DataSource> dataSource() {
    return Database.of(member.getUserContext()).map(Database::dataSource);
  }

  /** False when a load of this member's initial load gave up: its maps lack entries that PostgreSQL has. */
  public boolean initialLoadComplete() {
    return !TableLoader.initialLoadIncomplete(member.getUserContext());
  }

  /** Asks PostgreSQL for a valid connection, waiting at most the pool's connection timeout. */
  public DatabaseCheck checkDatabase() {
    Optional<Database> database = Database.of(member.getUserContext());
    if (database.isEmpty() || database.get().isClosed()) {
      return DatabaseCheck.down(Duration.ZERO, "no map store has opened the database on this member yet");
    }
    return database.get().check();
  }

  /**
   * The member begins to stop: from now on a write of changes it owns that fails because PostgreSQL does not
   * answer waits for the database, however long, instead of failing (Hazelcast's flush on shutdown tries each
   * change for about 12 s and then drops it; the owner is the last to hold it), and the queues of partitions it
   * only backs up are left to their owners rather than flushed ({@code TableStore}).
   */
  public void stopping() {
    Database.of(member.getUserContext()).ifPresent(Database::stopping);
  }

  /** Whether the stopping member is holding changes until PostgreSQL answers again ({@link #stopping()}). */
  public boolean holdsWritesForDatabase() {
    return Database.of(member.getUserContext()).map(Database::holdsWrites).orElse(false);
  }

  /**
   * Per persisted map that exists on this member, the entries it owns that are changed in the grid but not
   * yet in PostgreSQL (Hazelcast's dirty entry count). Maps not yet created are left out rather than created,
   * so a metrics scrape never starts a load.
   */
  public Map<String, Long> writeBehindBacklog() {
    Map<String, Long> backlog = new LinkedHashMap<>();
    List<String> existing = member.getDistributedObjects().stream()
        .filter(object -> object instanceof IMap)
        .map(DistributedObject::getName)
        .toList();
    for (String name : PERSISTED_MAPS) {
      if (existing.contains(name)) {
        backlog.put(name, member.getMap(name).getLocalMapStats().getDirtyEntryCount());
      }
    }
    return backlog;
  }

  /** The sum of {@link #writeBehindBacklog()}: zero once everything this member owns is in PostgreSQL. */
  public long writeBehindBacklogTotal() {
    return writeBehindBacklog().values().stream().mapToLong(Long::longValue).sum();
  }
}
