package com.flashsale.mapstore;

import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import com.hazelcast.core.HazelcastInstance;

/** The write-behind MapStore of map {@code stock}: table {@code stock}. */
public final class StockStore extends TableStore<ProductKey, Stock> {

  public StockStore() {}

  StockStore(Database database, boolean readThrough) {
    super(new StockTable(), database, readThrough);
  }

  @Override
  Table<ProductKey, Stock> table(HazelcastInstance member, String mapName) {
    return new StockTable();
  }
}
