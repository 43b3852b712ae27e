package com.flashsale.node.jet;

import com.flashsale.node.member.MapNames;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Records what the placement path and the waiting rooms decide without changing a ledger, for the
 * statistics job, which reads the map's event journal (the entries themselves are never read). Every write is
 * fire-and-forget ({@code setAsync}, never awaited, failures ignored): statistics must not add latency to a
 * placement nor fail one. Each write lands on one of {@link #SLOTS} keys, at random, so that the writes spread
 * over all partitions and a later event overwrites an earlier one: the map holds at most that many entries
 * however hard a crowd hammers a sold-out product, and no entry has to expire to leave (with a new key per
 * event, 10,000 rejections a second kept the expiry cleanup busy and, before it caught up, the heap growing).
 */
public final class PlacementEvents {

  /** The keys events are written to: a few MB of entries at most, each overwritten within seconds under load. */
  static final int SLOTS = 16_384;

  private final IMap<Long, SaleInput> events;

  public PlacementEvents(HazelcastInstance member) {
    this.events = member.getMap(MapNames.PLACEMENT_EVENTS);
  }

  public void rejected(String saleId, String productId, String code, long at) {
    record(PlacementEvent.rejected(saleId, productId, code, at));
  }

  public void lastUnitTaken(String saleId, String productId, long at) {
    record(PlacementEvent.lastUnitTaken(saleId, productId, at));
  }

  /** A waiting room's step (joins, admissions, expiries, SOLD_OUT); nothing is written for an empty one. */
  public void room(RoomEvent event) {
    if (event.joined() + event.admitted() + event.expired() + event.soldOut() > 0) {
      record(event);
    }
  }

  private void record(SaleInput event) {
    try {
      events.setAsync((long) ThreadLocalRandom.current().nextInt(SLOTS), event);
    } catch (RuntimeException memberStopping) {
      // Thrown at once only while this member shuts down: a lost statistic, never a failed placement.
    }
  }
}
