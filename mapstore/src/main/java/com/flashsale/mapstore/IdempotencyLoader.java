package com.flashsale.mapstore;

import com.flashsale.node.domain.IdempotencyRecord;
import com.hazelcast.core.HazelcastInstance;

/**
 * The MapLoader of map {@code idempotency}: the keys of the orders of the last 25 hours, from their rows. It never
 * writes: a key reaches PostgreSQL inside the order it created, so a restart keeps both or neither.
 */
public final class IdempotencyLoader extends TableLoader<String, IdempotencyRecord> {

  public IdempotencyLoader() {}

  IdempotencyLoader(Database database, boolean readThrough) {
    super(new IdempotencyRows(), database, readThrough);
  }

  @Override
  Rows<String, IdempotencyRecord> rows(HazelcastInstance member, String mapName) {
    return new IdempotencyRows();
  }
}
