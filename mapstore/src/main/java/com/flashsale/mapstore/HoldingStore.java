package com.flashsale.mapstore;

import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import com.hazelcast.core.HazelcastInstance;

/**
 * The write-behind MapStore of map {@code holdings}: table {@code holdings}. An emptied holding leaves the
 * grid, and its removal reaches this store as a delete; see {@link HoldingTable} for how a later holding of
 * the same key, which starts at version 1 again, still replaces a stale row.
 */
public final class HoldingStore extends TableStore<HoldingKey, Holding> {

  public HoldingStore() {}

  HoldingStore(Database database, boolean readThrough) {
    super(new HoldingTable(), database, readThrough);
  }

  @Override
  Table<HoldingKey, Holding> table(HazelcastInstance member, String mapName) {
    return new HoldingTable();
  }
}
