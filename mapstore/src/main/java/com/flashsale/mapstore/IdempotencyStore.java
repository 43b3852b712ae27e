package com.flashsale.mapstore;

import com.flashsale.node.domain.IdempotencyRecord;
import com.hazelcast.core.HazelcastInstance;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write-behind MapStore of map {@code idempotency}: table {@code idempotency_keys}. Persisted so the
 * contract's promise (a replayed key returns the first order for at least 24 hours) survives a restart of
 * the whole cluster. Claims older than the map's time to live are neither loaded nor kept: the store purges
 * them when it starts and at most once an hour after a flush.
 */
public final class IdempotencyStore extends TableStore<String, IdempotencyRecord> {

  /** What is kept when the map has no time to live: the contract's 24 hours and one more. */
  static final Duration DEFAULT_RETENTION = Duration.ofHours(25);
  private static final long PURGE_INTERVAL_MILLIS = Duration.ofHours(1).toMillis();

  private final Clock clock;
  private final AtomicLong lastPurge = new AtomicLong();

  public IdempotencyStore() {
    this.clock = Clock.systemUTC();
  }

  IdempotencyStore(Database database, Duration retention, Clock clock) {
    super(new IdempotencyTable(retention, clock), database, true);
    this.clock = clock;
  }

  @Override
  Table<String, IdempotencyRecord> table(HazelcastInstance member, String mapName) {
    int timeToLive = member.getConfig().getMapConfig(mapName).getTimeToLiveSeconds();
    return new IdempotencyTable(timeToLive > 0 ? Duration.ofSeconds(timeToLive) : DEFAULT_RETENTION, clock);
  }

  @Override
  public void init(HazelcastInstance member, Properties properties, String mapName) {
    super.init(member, properties, mapName);
    if (isStarted()) {
      purge();
    }
  }

  @Override
  public void storeAll(Map<String, IdempotencyRecord> entries) {
    super.storeAll(entries);
    long last = lastPurge.get();
    if (clock.millis() - last >= PURGE_INTERVAL_MILLIS && lastPurge.compareAndSet(last, clock.millis())) {
      purge();
    }
  }

  /** Deletes the claims older than the map's time to live; returns how many. */
  int purge() {
    lastPurge.set(clock.millis());
    try (Connection connection = database().connection()) {
      return ((IdempotencyTable) table()).purge(connection);
    } catch (SQLException failed) {
      throw new DatabaseException("purging expired idempotency keys failed", failed);
    }
  }
}
