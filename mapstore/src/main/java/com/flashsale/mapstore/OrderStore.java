package com.flashsale.mapstore;

import com.flashsale.node.domain.Order;
import com.hazelcast.core.HazelcastInstance;

/** The write-behind MapStore of map {@code orders}: table {@code orders}, VOIDED tombstones included. */
public final class OrderStore extends TableStore<Long, Order> {

  public OrderStore() {}

  OrderStore(Database database, boolean readThrough) {
    super(new OrderTable(), database, readThrough);
  }

  @Override
  Table<Long, Order> table(HazelcastInstance member, String mapName) {
    return new OrderTable();
  }
}
