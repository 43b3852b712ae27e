package com.flashsale.node.service;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.jet.PlacementEvents;
import com.flashsale.node.jet.RoomEvent;
import com.flashsale.node.member.Periodic;
import com.flashsale.node.processors.AdvanceRoom;
import com.hazelcast.query.Predicate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the waiting rooms moving, on every member, over the ledgers that member owns: a local query asks each
 * local ledger's room, in place, whether it owes a change now (an admission, an expiry, a SOLD_OUT), and one
 * {@link AdvanceRoom} per such product makes them all at once on its partition. Its interval bounds how late a
 * room acts: admissions, expiries and SOLD_OUT come at most one interval after they are due (the contract asks
 * for 2 s at most). A member that dies hands its partitions, and so this work, to the members that take them over.
 */
public final class RoomKeeper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RoomKeeper.class);

  private final Grid grid;
  private final Clock clock;
  private final PlacementEvents events;
  private Periodic schedule;

  public RoomKeeper(Grid grid, Clock clock) {
    this.grid = grid;
    this.clock = clock;
    this.events = new PlacementEvents(grid.instance());
  }

  public RoomKeeper start(Duration interval) {
    schedule = Periodic.every(interval, "room-keeper", this::advance, LOG);
    return this;
  }

  /** One pass over this member's rooms; returns how many tickets changed. */
  public int advance() {
    int changed = 0;
    for (ProductKey product : grid.ledgers().localKeySet(new Due(clock.millis()))) {
      List<Ticket> tickets = grid.ledgers().executeOnKey(product, new AdvanceRoom()).tickets();
      events.room(RoomEvent.of(product.saleId(), product.productId(), tickets));
      changed += tickets.size();
    }
    return changed;
  }

  /** The ledgers whose room owes a change at {@code now}; it reads the value in place, like the hold sweeper's. */
  record Due(long now) implements Predicate<ProductKey, Ledger> {
    @Override
    public boolean apply(Map.Entry<ProductKey, Ledger> entry) {
      return entry.getValue() != null && entry.getValue().roomNeedsAttentionAt(now);
    }
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.close();
    }
  }
}
