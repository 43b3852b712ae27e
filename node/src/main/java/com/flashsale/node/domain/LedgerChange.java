package com.flashsale.node.domain;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Arrays;
import java.util.List;

/**
 * What one ledger operation changed: the orders it wrote as they now stand (placed, paid, cancelled,
 * expired), and the window's new close ({@code Long.MAX_VALUE} when unchanged). The primary decides it;
 * {@link Ledger#apply} turns it into the next value on the primary and on every backup alike, so a backup
 * receives what changed, never the whole ledger, and can never diverge from its primary.
 */
public record LedgerChange(List<Order> orders, long closesAt) {

  public static final String TYPE_NAME = "LedgerChange";

  public LedgerChange {
    orders = List.copyOf(orders);
  }

  public static LedgerChange of(Order order) {
    return new LedgerChange(List.of(order), Long.MAX_VALUE);
  }

  public static LedgerChange of(List<Order> orders) {
    return new LedgerChange(orders, Long.MAX_VALUE);
  }

  /** The window closed at {@code instant} (an operator ended the sale). */
  public static LedgerChange closedAt(long instant) {
    return new LedgerChange(List.of(), instant);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<LedgerChange> {
    public Serializer() {
      super(TYPE_NAME, LedgerChange.class);
    }

    @Override
    public LedgerChange read(CompactReader reader) {
      return new LedgerChange(Arrays.asList(reader.readArrayOfCompact("orders", Order.class)), reader.readInt64("closesAt"));
    }

    @Override
    public void write(CompactWriter writer, LedgerChange change) {
      writer.writeArrayOfCompact("orders", change.orders().toArray(new Order[0]));
      writer.writeInt64("closesAt", change.closesAt());
    }
  }
}
