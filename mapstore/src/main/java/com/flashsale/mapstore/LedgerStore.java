package com.flashsale.mapstore;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.service.WriteBehindLag;
import com.hazelcast.core.HazelcastInstance;

/**
 * The write-behind MapStore of map {@code ledgers}: each product's stock row and its changed orders, in one
 * transaction per batch ({@link LedgerTable}).
 */
public final class LedgerStore extends TableStore<ProductKey, Ledger> {

  public LedgerStore() {}

  LedgerStore(Database database, boolean readThrough) {
    super(new LedgerTable(), database, readThrough);
  }

  @Override
  Table<ProductKey, Ledger> table(HazelcastInstance member, String mapName) {
    // Write-behind's store: its writes tell the member's placements how far behind it is.
    return new LedgerTable(WriteBehindLag.of(member)::written);
  }
}
