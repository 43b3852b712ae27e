package com.flashsale.node.service;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
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
  private long roomsCheckedAt;
  private boolean recentRooms;
  private long scannedAt;

  public RoomKeeper(Grid grid, Clock clock) {
    this.grid = grid;
    this.clock = clock;
    this.events = new PlacementEvents(grid.instance());
  }

  public RoomKeeper start(Duration interval) {
    schedule = Periodic.every(interval, "room-keeper", this::advance, LOG);
    return this;
  }

  /**
   * One pass over this member's rooms; returns how many tickets changed. The pass scans the local ledgers only
   * while some sale has a room and has not been over for long (a look at the sales through the near cache, every
   * {@value #ROOMS_CHECK_MILLIS} ms), and otherwise once a minute, for rooms a restart brought back after their
   * sale ended: a scan of every ledger four times a second cost 1.3% of the member's CPU in the spread benchmark,
   * which has no room at all.
   */
  public synchronized int advance() {
    long now = clock.millis();
    if (now - roomsCheckedAt >= ROOMS_CHECK_MILLIS) {
      recentRooms = anyRoomClosingAfter(now - RECENT_MILLIS);
      roomsCheckedAt = now;
    }
    if (!recentRooms && now - scannedAt < IDLE_SCAN_MILLIS) {
      return 0;
    }
    scannedAt = now;
    int changed = 0;
    for (ProductKey product : grid.ledgers().localKeySet(new Due(now))) {
      List<Ticket> tickets = grid.ledgers().executeOnKey(product, new AdvanceRoom()).tickets();
      events.room(RoomEvent.of(product.saleId(), product.productId(), tickets));
      changed += tickets.size();
    }
    return changed;
  }

  /**
   * Whether a sale with a waiting room closed after {@code since} (or has not closed). The sales are read through
   * the member's near cache: a query on the sales map deserialized every sale, with its list of products, twice a
   * second (3% of the member's CPU in the spread benchmark, whose sale has 10,000 products).
   */
  private boolean anyRoomClosingAfter(long since) {
    for (String saleId : grid.sales().keySet()) {
      Sale sale = grid.sales().get(saleId);
      if (sale != null && sale.waitingRoom() != null && sale.closesAt().toEpochMilli() > since) {
        return true;
      }
    }
    return false;
  }

  /** How often a pass looks for sales with a room. */
  static final long ROOMS_CHECK_MILLIS = 500;
  /** How long after its end a sale's rooms are still stepped every pass (their tickets expire at the end). */
  static final long RECENT_MILLIS = Duration.ofMinutes(10).toMillis();
  /** How often the ledgers are scanned when no recent sale has a room. */
  static final long IDLE_SCAN_MILLIS = Duration.ofMinutes(1).toMillis();

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
