package com.flashsale.node.service;

import com.flashsale.node.domain.IdempotencyRecord;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.member.MapNames;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.flakeidgen.FlakeIdGenerator;
import com.hazelcast.map.IMap;
import com.hazelcast.core.IndeterminateOperationStateException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The typed distributed structures of one member, looked up once by their names in {@link MapNames}. */
public record Grid(
    HazelcastInstance instance,
    IMap<String, Sale> sales,
    IMap<ProductKey, Ledger> ledgers,
    IMap<String, IdempotencyRecord> idempotency,
    FlakeIdGenerator orderIds) {

  /** How long a starting member keeps trying to look its maps up. */
  public static final Duration LOOK_UP_FOR = Duration.ofMinutes(3);
  private static final Logger LOG = LoggerFactory.getLogger(Grid.class);

  /**
   * Looks the structures up. Creating a map's proxy (and its indexes) waits for backup acks; with
   * {@code fail.on.indeterminate.state} a slow ack on a loaded machine fails the lookup, which is safe to
   * repeat, so a starting member keeps trying for {@link #LOOK_UP_FOR} (a full CI run once saw five attempts of
   * 15 s each fail while the other member was busy loading) before it gives up.
   */
  public static Grid of(HazelcastInstance instance) {
    long deadline = System.nanoTime() + LOOK_UP_FOR.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        return lookUp(instance);
      } catch (IndeterminateOperationStateException slowBackup) {
        if (System.nanoTime() - deadline > 0) {
          throw slowBackup;
        }
        LOG.warn("Looking the grid's maps up failed (attempt {}: {}); trying again", attempt, slowBackup.getMessage());
      }
    }
  }

  private static Grid lookUp(HazelcastInstance instance) {
    return new Grid(
        instance,
        instance.getMap(MapNames.SALES),
        instance.getMap(MapNames.LEDGERS),
        instance.getMap(MapNames.IDEMPOTENCY),
        instance.getFlakeIdGenerator(MapNames.ORDER_IDS));
  }
}
