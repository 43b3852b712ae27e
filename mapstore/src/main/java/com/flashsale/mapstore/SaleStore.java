package com.flashsale.mapstore;

import com.flashsale.node.domain.Sale;
import com.hazelcast.core.HazelcastInstance;

/** The write-behind MapStore of map {@code sales}: tables {@code sales} and {@code sale_products}. */
public final class SaleStore extends TableStore<String, Sale> {

  public SaleStore() {}

  SaleStore(Database database, boolean readThrough) {
    super(new SaleTable(), database, readThrough);
  }

  @Override
  Table<String, Sale> table(HazelcastInstance member, String mapName) {
    return new SaleTable();
  }
}
