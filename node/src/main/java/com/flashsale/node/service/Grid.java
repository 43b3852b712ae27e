package com.flashsale.node.service;

import com.flashsale.node.domain.IdempotencyRecord;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.member.MapNames;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.flakeidgen.FlakeIdGenerator;
import com.hazelcast.map.IMap;
import com.hazelcast.core.IndeterminateOperationStateException;

/** The typed distributed structures of one member, looked up once by their names in {@link MapNames}. */
public record Grid(
    HazelcastInstance instance,
    IMap<String, Sale> sales,
    IMap<ProductKey, Ledger> ledgers,
    IMap<Long, Order> orders,
    IMap<String, IdempotencyRecord> idempotency,
    FlakeIdGenerator orderIds) {

  /**
   * Looks the structures up. Creating a map's proxy (and its indexes) waits for backup acks; with
   * {@code fail.on.indeterminate.state} a slow ack on a loaded machine fails the lookup, which is safe to
   * repeat, so a starting member tries a few times before giving up.
   */
  public static Grid of(HazelcastInstance instance) {
    for (int attempt = 1; ; attempt++) {
      try {
        return lookUp(instance);
      } catch (IndeterminateOperationStateException slowBackup) {
        if (attempt == 5) {
          throw slowBackup;
        }
      }
    }
  }

  private static Grid lookUp(HazelcastInstance instance) {
    return new Grid(
        instance,
        instance.getMap(MapNames.SALES),
        instance.getMap(MapNames.LEDGERS),
        instance.getMap(MapNames.ORDERS),
        instance.getMap(MapNames.IDEMPOTENCY),
        instance.getFlakeIdGenerator(MapNames.ORDER_IDS));
  }
}
