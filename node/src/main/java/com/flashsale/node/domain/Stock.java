package com.flashsale.node.domain;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The live stock of one product, the single value that the no-oversell invariant needs:
 * {@code total == available + (units of all holds) + confirmed}, each part ≥ 0, holds in every value this
 * record can take, because every transition below keeps it and the constructor checks it.
 *
 * <p>Units taken for an order sit in a {@link Hold} named by the order id until the order is confirmed
 * (they move to {@code confirmed}) or cancelled (they move back to {@code available}). Because each hold
 * names its order, every settling transition is idempotent: settling an order twice, or a retried
 * operation running twice, moves its units once. The sale window is copied here so that the take checks
 * it atomically with the decrement.
 */
public record Stock(int total, int available, int confirmed, List<Hold> holds, long opensAt, long closesAt, long version) {

  public static final String TYPE_NAME = "Stock";

  public Stock {
    holds = List.copyOf(holds);
    int held = holds.stream().mapToInt(Hold::units).sum();
    if (available < 0 || confirmed < 0 || held < 0 || total != available + held + confirmed) {
      throw new IllegalStateException("stock invariant broken: total=" + total + " available=" + available
          + " held=" + held + " confirmed=" + confirmed);
    }
  }

  /** All units available, none taken, for a sale open in [opensAt, closesAt). */
  public static Stock initial(int units, Instant opensAt, Instant closesAt) {
    return new Stock(units, units, 0, List.of(), opensAt.toEpochMilli(), closesAt.toEpochMilli(), 1);
  }

  public int pendingUnits() {
    return holds.stream().mapToInt(Hold::units).sum();
  }

  public SaleStatus statusAt(long now) {
    return SaleStatus.of(now, opensAt, closesAt);
  }

  public Optional<Hold> hold(long orderId) {
    return holds.stream().filter(hold -> hold.orderId() == orderId).findFirst();
  }

  /** The earliest hold deadline, or {@code Long.MAX_VALUE} when nothing is held: what the sweeper indexes. */
  public long nextDeadline() {
    return holds.stream().mapToLong(Hold::deadline).min().orElse(Long.MAX_VALUE);
  }

  /**
   * {@code units} taken from available for the order; the caller has checked that they are there. An order
   * that already holds units here keeps its one hold: a second would be settled once and break the sum.
   */
  public Stock take(long orderId, String userId, int units, long deadline) {
    if (hold(orderId).isPresent()) {
      return this;
    }
    if (units < 1 || units > available) {
      throw new IllegalArgumentException("cannot take " + units + " of " + available + " available");
    }
    List<Hold> next = new ArrayList<>(holds);
    next.add(new Hold(orderId, userId, units, deadline));
    return new Stock(total, available - units, confirmed, next, opensAt, closesAt, version + 1);
  }

  /** The order's held units are sold for good; unchanged when the order holds nothing here. */
  public Stock confirm(long orderId) {
    return hold(orderId)
        .map(hold -> new Stock(total, available, confirmed + hold.units(), without(orderId), opensAt, closesAt, version + 1))
        .orElse(this);
  }

  /** The order's held units are sellable again; unchanged when the order holds nothing here. */
  public Stock release(long orderId) {
    return hold(orderId)
        .map(hold -> new Stock(total, available + hold.units(), confirmed, without(orderId), opensAt, closesAt, version + 1))
        .orElse(this);
  }

  /** Whether a split-brain merge parked units here that only the rebuild from the orders may release. */
  public boolean fenced() {
    return holds.stream().anyMatch(Hold::isMergeFence);
  }

  /** The order's hold with a new deadline: when the sweeper should look at it next. Unchanged without a hold. */
  public Stock withDeadline(long orderId, long deadline) {
    if (hold(orderId).map(hold -> hold.deadline() == deadline).orElse(true)) {
      return this;
    }
    List<Hold> next = holds.stream()
        .map(hold -> hold.orderId() == orderId ? new Hold(orderId, hold.userId(), hold.units(), deadline) : hold)
        .toList();
    return new Stock(total, available, confirmed, next, opensAt, closesAt, version + 1);
  }

  /** The window closed at {@code instant} (an operator ended the sale); never reopens a closed window. */
  public Stock closedAt(long instant) {
    if (instant >= closesAt) {
      return this;
    }
    return new Stock(total, available, confirmed, holds, opensAt, instant, version + 1);
  }

  private List<Hold> without(long orderId) {
    return holds.stream().filter(hold -> hold.orderId() != orderId).toList();
  }

  /** Compact serializer; the type name is permanent. {@code nextDeadline} is written for the sweeper's index. */
  public static final class Serializer implements CompactSerializer<Stock> {
    @Override
    public Stock read(CompactReader reader) {
      return new Stock(
          reader.readInt32("total"),
          reader.readInt32("available"),
          reader.readInt32("confirmed"),
          Arrays.asList(reader.readArrayOfCompact("holds", Hold.class)),
          reader.readInt64("opensAt"),
          reader.readInt64("closesAt"),
          reader.readInt64("version"));
    }

    @Override
    public void write(CompactWriter writer, Stock stock) {
      writer.writeInt32("total", stock.total());
      writer.writeInt32("available", stock.available());
      writer.writeInt32("confirmed", stock.confirmed());
      writer.writeArrayOfCompact("holds", stock.holds().toArray(new Hold[0]));
      writer.writeInt64("opensAt", stock.opensAt());
      writer.writeInt64("closesAt", stock.closesAt());
      writer.writeInt64("version", stock.version());
      writer.writeInt64("nextDeadline", stock.nextDeadline());
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<Stock> getCompactClass() {
      return Stock.class;
    }
  }
}
