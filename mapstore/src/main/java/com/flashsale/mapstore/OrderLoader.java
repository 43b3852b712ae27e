package com.flashsale.mapstore;

import com.flashsale.node.domain.Order;
import com.hazelcast.core.HazelcastInstance;

/**
 * The MapLoader of map {@code orders}, the read side: every order, loaded at start. It never writes: an order
 * reaches PostgreSQL with its ledger ({@link LedgerStore}), in the same transaction as its stock row.
 */
public final class OrderLoader extends TableLoader<Long, Order> {

  public OrderLoader() {}

  OrderLoader(Database database, boolean readThrough) {
    super(new OrderTable(), database, readThrough);
  }

  @Override
  Rows<Long, Order> rows(HazelcastInstance member, String mapName) {
    return new OrderTable();
  }
}
