package com.flashsale.node.jet;

import com.flashsale.node.member.MapNames;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Records what the placement path and the waiting rooms decide without touching the orders map, for the
 * statistics job. Every
 * write is fire-and-forget ({@code setAsync}, never awaited, failures ignored): statistics must not add
 * latency to a placement nor fail one. Keys are random so that the writes spread over all partitions.
 */
public final class PlacementEvents {

  /** Long enough for the job to replay them after a member loss; the map's file says the same. */
  private static final long TIME_TO_LIVE_SECONDS = 30;

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
      events.setAsync(ThreadLocalRandom.current().nextLong(), event, TIME_TO_LIVE_SECONDS, TimeUnit.SECONDS);
    } catch (RuntimeException memberStopping) {
      // Thrown at once only while this member shuts down: a lost statistic, never a failed placement.
    }
  }
}
