package com.flashsale.node.service;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.jet.PlacementEvents;
import com.flashsale.node.jet.RoomEvent;
import com.flashsale.node.member.Periodic;
import com.flashsale.node.processors.AdvanceRoom;
import com.flashsale.node.processors.LatestLedgers;
import com.flashsale.node.processors.LedgerIndexes;
import com.hazelcast.query.Predicate;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the waiting rooms moving, on every member, over the ledgers that member owns: it asks the latest ledger of
 * each product with a live room ({@link LatestLedgers}, kept by the ledger operations) whether its room owes a
 * change now (an admission, an expiry, a SOLD_OUT), and one {@link AdvanceRoom} per such product makes them all at
 * once on its partition: O(live rooms), whatever the sales hold. While that index is incomplete (the cluster changed
 * and its ledgers are being read again), a pass asks every local ledger in place instead. Its interval bounds how
 * late a room acts: admissions, expiries and SOLD_OUT come at most one interval after they are due (the contract
 * asks for 2 s at most). A member that dies hands its partitions, and so this work, to the members that take them
 * over.
 */
public final class RoomKeeper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RoomKeeper.class);

  private final Grid grid;
  private final PlacementEvents events;
  private final LatestLedgers latest;
  private final Clock clock;
  private Periodic schedule;

  public RoomKeeper(Grid grid, Clock clock) {
    this.grid = grid;
    this.clock = clock;
    this.events = new PlacementEvents(grid.instance());
    this.latest = LedgerIndexes.of(grid.instance()).latest();
  }

  public RoomKeeper start(Duration interval) {
    schedule = Periodic.every(interval, "room-keeper", this::advance, LOG);
    return this;
  }

  /**
   * What one pass did: whether it read every local ledger (the index was incomplete), how many rooms it stepped, how
   * many tickets changed.
   */
  public record Pass(boolean readAll, int rooms, int changed) {}

  /** One pass over this member's rooms; passes run one at a time (the schedule's, or a test's by hand). */
  public synchronized Pass advance() {
    long now = clock.millis();
    boolean readAll = !latest.completeElseReadAgain(grid.ledgers());
    Collection<ProductKey> due = readAll ? grid.ledgers().localKeySet(new Due(now)) : latest.roomsDue(now);
    int changed = 0;
    for (ProductKey product : due) {
      List<Ticket> tickets = grid.ledgers().executeOnKey(product, new AdvanceRoom()).tickets();
      events.room(RoomEvent.of(product.saleId(), product.productId(), tickets));
      changed += tickets.size();
    }
    return new Pass(readAll, due.size(), changed);
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
