package com.flashsale.node.domain;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.TreePSet;

/**
 * Everything a placement must decide atomically for one product, in one value on the product's partition:
 * the sale it belongs to (so that scans by sale read the value, never decode the key), the units, the sale
 * window, every order of the product, its buyers (each one's units for the per-user limit and orders, so a user's
 * orders are listed without a scan), the index of unpaid orders by expiry, and the orders counted by status for
 * the statistics. It is also where orders are read, by id and by user: there is no other copy of them in the
 * grid to fall behind. One entry processor on this value places, settles or expires an order; nothing about a
 * product lives anywhere else that could disagree with it.
 *
 * <p>Invariant, checked by every change: {@code total == available + pending + confirmed}, each part ≥ 0
 * ({@code available} is derived, so the check is that pending and confirmed fit in the total),
 * where {@code pending} and {@code confirmed} are the units of the PENDING and CONFIRMED orders, and no
 * user's units exceed what the orders give them. The value is persistent (structurally shared maps): a change
 * makes a new value in O(log n) and never touches the old one, which a write-behind queue, a backup or a
 * reader may still hold. {@link #apply} is the only way to change it, on primaries and backups alike, and it
 * is a pure function of the value and the {@link LedgerChange}: no clock, no randomness.
 *
 * <p>Size: one {@link Order} per order ever placed for the product (for 100,000 units and a limit of 1, at
 * most 100,000 live orders plus the cancelled ones), one {@link Buyer} per user who ever ordered it, and one
 * entry per unpaid order. Every collection is keyed, so a change costs O(log n) however many orders the product
 * has, plus O(k) for a buyer's own k orders of the product.
 */
public record Ledger(
    String saleId,
    int total,
    long opensAt,
    long closesAt,
    long version,
    int pending,
    int confirmed,
    OrderCounts counts,
    PMap<Long, Order> orders,
    PMap<String, Buyer> buyers,
    TreePSet<Deadline> deadlines,
    TreePSet<Stamp> changes,
    Room room) {

  public static final String TYPE_NAME = "Ledger";
  /** The version of a ledger as created; every change raises it, so a ledger at it has never written an order. */
  public static final long INITIAL_VERSION = 1;

  public Ledger {
    Objects.requireNonNull(saleId, "saleId");
    if (pending < 0 || confirmed < 0 || pending + confirmed > total) {
      throw new IllegalStateException("ledger invariant broken: total=" + total + " pending=" + pending
          + " confirmed=" + confirmed);
    }
  }

  /** The units on sale: what the orders leave of the total, so it can never disagree with them. */
  public int available() {
    return total - pending - confirmed;
  }

  /** All units available, no order yet, for a product of the sale open in [opensAt, closesAt). */
  public static Ledger initial(String saleId, int units, Instant opensAt, Instant closesAt) {
    return initial(saleId, units, opensAt, closesAt, null);
  }

  /** The same, for a sale whose shoppers queue in a waiting room ({@code room} null for none). */
  public static Ledger initial(String saleId, int units, Instant opensAt, Instant closesAt, WaitingRoom room) {
    return of(saleId, units, opensAt.toEpochMilli(), closesAt.toEpochMilli(), INITIAL_VERSION, List.of(), room,
        List.of());
  }

  /**
   * The ledger these orders make: what the serializer, the store's loader and a merge rebuild from. The
   * figures are derived from the orders, never stored beside them, so they cannot disagree.
   */
  public static Ledger of(String saleId, int total, long opensAt, long closesAt, long version,
      Collection<Order> orders) {
    return of(saleId, total, opensAt, closesAt, version, orders, null, List.of());
  }

  /** The same, with the waiting room these tickets make ({@code room} null for a sale without one). */
  public static Ledger of(String saleId, int total, long opensAt, long closesAt, long version,
      Collection<Order> orders, WaitingRoom room, Collection<Ticket> tickets) {
    Ledger ledger = new Ledger(saleId, total, opensAt, closesAt, version, 0, 0, OrderCounts.NONE,
        HashTreePMap.empty(), HashTreePMap.empty(), TreePSet.empty(), TreePSet.empty(),
        room == null ? null : Room.of(room, tickets));
    for (Order order : orders) {
      ledger = ledger.with(order);
    }
    return ledger;
  }

  /** The tickets changed after {@code version}, oldest change first: what the store still has to write. */
  public List<Ticket> ticketsChangedAfter(long version) {
    return room == null ? List.of() : room.changedAfter(version);
  }

  /** The waiting room's configuration, or null for a sale without a room. */
  public WaitingRoom roomConfig() {
    return room == null ? null : room.config();
  }

  /** What the waiting room must change at {@code now} (see {@link Room#dueChanges}); empty without a room. */
  public List<Ticket> roomChangesAt(long now, java.util.function.Supplier<String> secrets) {
    return room == null ? List.of() : room.dueChanges(statusAt(now), available(), pending, now, secrets);
  }

  /** Whether the product's waiting room holds a live ticket (waiting or admitted): one the keeper may owe a change. */
  public boolean hasLiveRoom() {
    return room != null && !room.live().isEmpty();
  }

  /** Whether the waiting room has anything to change at {@code now}. */
  public boolean roomNeedsAttentionAt(long now) {
    return room != null && room.hasDueChanges(statusAt(now), available(), pending, now);
  }

  public SaleStatus statusAt(long now) {
    return SaleStatus.of(now, opensAt, closesAt);
  }

  public Optional<Order> order(long orderId) {
    return Optional.ofNullable(orders.get(orderId));
  }

  /** The units of the user's PENDING and CONFIRMED orders of this product: what the per-user limit counts. */
  public int unitsOf(String userId) {
    return buyers.getOrDefault(userId, Buyer.NONE).units();
  }

  /** Whether the user has an order of this product, in any status: O(log n). */
  public boolean boughtBy(String userId) {
    return buyers.containsKey(userId);
  }

  /** The user's orders of this product, in any status, by order id: O(log n + what it returns). */
  public List<Order> ordersOf(String userId) {
    return Arrays.stream(buyers.getOrDefault(userId, Buyer.NONE).orderIds).mapToObj(orders::get).toList();
  }

  /** Whether {@code quantity} more units would take the user past {@code perUserLimit}: placements and joins alike. */
  public boolean wouldExceedLimit(String userId, int quantity, int perUserLimit) {
    return unitsOf(userId) + quantity > perUserLimit;
  }

  /** The earliest expiry of an unpaid order (epoch ms), or {@code Long.MAX_VALUE}: what the sweeper indexes. */
  public long nextDeadline() {
    return deadlines.isEmpty() ? Long.MAX_VALUE : deadlines.first().expiresAt();
  }

  /**
   * The PENDING orders whose payment window has passed at {@code now}, earliest first, at most {@code max} of
   * them: O(what it returns).
   */
  public List<Order> dueAt(long now, int max) {
    List<Order> due = new ArrayList<>();
    for (Deadline deadline : deadlines) {
      if (deadline.expiresAt() > now || due.size() == max) {
        break;
      }
      due.add(orders.get(deadline.orderId()));
    }
    return due;
  }

  /** The orders changed after {@code version}, oldest change first: what the store still has to write. */
  public List<Order> changedAfter(long version) {
    return changes.tailSet(new Stamp(version, Long.MAX_VALUE), false).stream()
        .map(stamp -> orders.get(stamp.orderId())).toList();
  }

  /**
   * When an order of this ledger last changed (epoch ms of the newest order's {@code updatedAt}), or
   * {@code Long.MIN_VALUE} for a ledger without orders: what an incremental reconciliation selects ledgers by.
   */
  public long lastChangedAt() {
    return changes.isEmpty() ? Long.MIN_VALUE : orders.get(changes.last().orderId()).updatedAt().toEpochMilli();
  }

  /**
   * How many orders changed at or after {@code since} (epoch ms): O(changed), because versions rise with time on
   * the product's partition, so the walk from the newest change stops at the first older order.
   */
  public int changedSince(long since) {
    int changed = 0;
    for (Iterator<Stamp> newestFirst = changes.descendingIterator(); newestFirst.hasNext(); changed++) {
      if (orders.get(newestFirst.next().orderId()).updatedAt().toEpochMilli() < since) {
        break;
      }
    }
    return changed;
  }

  /**
   * This ledger with the change applied and the version raised by one; every order of the change is
   * numbered with the new version. Throws if the change would break the invariant (a caller's bug).
   */
  public Ledger apply(LedgerChange change) {
    long next = version + 1;
    Room nextRoom = room;
    for (Ticket ticket : change.tickets()) {
      if (nextRoom == null) {
        throw new IllegalStateException("a ticket for a product without a waiting room");
      }
      nextRoom = nextRoom.with(ticket.withVersion(next));
    }
    Ledger ledger = new Ledger(saleId, total, opensAt, Math.min(closesAt, change.closesAt()), next, pending,
        confirmed, counts, orders, buyers, deadlines, changes, nextRoom);
    for (Order order : change.orders()) {
      ledger = ledger.with(order.withVersion(next));
    }
    return ledger;
  }

  /** The order recorded as it now stands, the figures moved by what its status change means for the units. */
  private Ledger with(Order changed) {
    Order before = orders.get(changed.orderId());
    Order sibling = before != null || changes.isEmpty() ? before : orders.get(changes.last().orderId());
    Order order = sibling == null ? changed : changed.sharingWith(sibling);
    int quantity = order.quantity();
    int heldBefore = before != null && before.holdsUnits() ? quantity : 0;
    int heldAfter = order.holdsUnits() ? quantity : 0;
    int pendingDelta = units(order, OrderStatus.PENDING) - units(before, OrderStatus.PENDING);
    int confirmedDelta = units(order, OrderStatus.CONFIRMED) - units(before, OrderStatus.CONFIRMED);
    Buyer buyer = buyers.getOrDefault(order.userId(), Buyer.NONE);
    Buyer nextBuyer = before == null ? buyer.placed(order.orderId(), heldAfter) : buyer.moved(heldAfter - heldBefore);
    TreePSet<Deadline> nextDeadlines = deadlines;
    TreePSet<Stamp> nextChanges = changes;
    if (before != null) {
      nextDeadlines = before.expiresAt() == null ? nextDeadlines : nextDeadlines.minus(Deadline.of(before));
      nextChanges = nextChanges.minus(Stamp.of(before));
    }
    if (order.expiresAt() != null) {
      nextDeadlines = nextDeadlines.plus(Deadline.of(order));
    }
    return new Ledger(saleId, total, opensAt, closesAt, Math.max(version, order.version()),
        pending + pendingDelta, confirmed + confirmedDelta, counts.moved(before, order),
        orders.plus(order.orderId(), order), nextBuyer == buyer ? buyers : buyers.plus(order.userId(), nextBuyer),
        nextDeadlines, nextChanges.plus(Stamp.of(order)), room);
  }

  private static int units(Order order, OrderStatus status) {
    return order != null && order.status() == status ? order.quantity() : 0;
  }

  /** An unpaid order's place in the expiry index: by expiry, then by order id. */
  public record Deadline(long expiresAt, long orderId) implements Comparable<Deadline> {
    static Deadline of(Order order) {
      return new Deadline(order.expiresAt().toEpochMilli(), order.orderId());
    }

    @Override
    public int compareTo(Deadline other) {
      int byTime = Long.compare(expiresAt, other.expiresAt);
      return byTime != 0 ? byTime : Long.compare(orderId, other.orderId);
    }
  }

  /**
   * A user who ordered the product: the units of their PENDING and CONFIRMED orders (what the per-user limit
   * counts) and the ids of all their orders of it, ascending. One hash lookup answers the limit and lists the
   * user's orders; a new order copies the buyer's ids, which a limit and the per-user rate keep few.
   */
  public record Buyer(int units, long[] orderIds) {
    /** A user with no order of the product yet. */
    static final Buyer NONE = new Buyer(0, new long[0]);

    /** This buyer with a new order that holds {@code held} units. */
    Buyer placed(long orderId, int held) {
      int at = Arrays.binarySearch(orderIds, orderId);
      if (at >= 0) {
        throw new IllegalStateException("order " + orderId + " placed twice");
      }
      int insertion = -at - 1;
      long[] ids = new long[orderIds.length + 1];
      System.arraycopy(orderIds, 0, ids, 0, insertion);
      ids[insertion] = orderId;
      System.arraycopy(orderIds, insertion, ids, insertion + 1, orderIds.length - insertion);
      return new Buyer(units + held, ids);
    }

    /** This buyer after one of their orders changed their units by {@code moved}; itself when nothing moved. */
    Buyer moved(int moved) {
      return moved == 0 ? this : new Buyer(units + moved, orderIds);
    }

    /** The ids of the buyer's orders, ascending (a copy: the buyer is immutable). */
    @Override
    public long[] orderIds() {
      return orderIds.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Buyer buyer && units == buyer.units && Arrays.equals(orderIds, buyer.orderIds);
    }

    @Override
    public int hashCode() {
      return 31 * units + Arrays.hashCode(orderIds);
    }

    @Override
    public String toString() {
      return "Buyer[units=" + units + ", orderIds=" + Arrays.toString(orderIds) + "]";
    }
  }

  /** An order's last change: the ledger version that wrote it, then the order id (one change may write several). */
  public record Stamp(long version, long orderId) implements Comparable<Stamp> {
    static Stamp of(Order order) {
      return new Stamp(order.version(), order.orderId());
    }

    @Override
    public int compareTo(Stamp other) {
      int byVersion = Long.compare(version, other.version);
      return byVersion != 0 ? byVersion : Long.compare(orderId, other.orderId);
    }
  }

  /**
   * Compact serializer; the type name is permanent. Only the sale, the orders, the tickets and the window are
   * written: the figures and indexes are rebuilt from them on read. {@code nextDeadline} and the figures are
   * written too, for queries and for people reading the value in Management Center.
   */
  public static final class Serializer extends TypedSerializer<Ledger> {
    public Serializer() {
      super(TYPE_NAME, Ledger.class);
    }

    @Override
    public Ledger read(CompactReader reader) {
      int admitPerSecond = reader.readInt32("roomAdmitPerSecond");
      WaitingRoom room = admitPerSecond == 0 ? null : new WaitingRoom(admitPerSecond, reader.readInt32("roomAdmissionSeconds"));
      return of(reader.readString("saleId"), reader.readInt32("total"), reader.readInt64("opensAt"),
          reader.readInt64("closesAt"), reader.readInt64("version"),
          Arrays.asList(reader.readArrayOfCompact("orders", Order.class)), room,
          Arrays.asList(reader.readArrayOfCompact("tickets", Ticket.class)));
    }

    @Override
    public void write(CompactWriter writer, Ledger ledger) {
      writer.writeString("saleId", ledger.saleId());
      writer.writeInt32("total", ledger.total());
      writer.writeInt64("opensAt", ledger.opensAt());
      writer.writeInt64("closesAt", ledger.closesAt());
      writer.writeInt64("version", ledger.version());
      writer.writeArrayOfCompact("orders", ledger.orders().values().toArray(new Order[0]));
      WaitingRoom room = ledger.roomConfig();
      writer.writeInt32("roomAdmitPerSecond", room == null ? 0 : room.admitPerSecond());
      writer.writeInt32("roomAdmissionSeconds", room == null ? 0 : room.admissionSeconds());
      writer.writeArrayOfCompact("tickets",
          ledger.room() == null ? new Ticket[0] : ledger.room().tickets().values().toArray(new Ticket[0]));
      writer.writeInt32("available", ledger.available());
      writer.writeInt32("pending", ledger.pending());
      writer.writeInt32("confirmed", ledger.confirmed());
      writer.writeInt64("nextDeadline", ledger.nextDeadline());
    }
  }
}
