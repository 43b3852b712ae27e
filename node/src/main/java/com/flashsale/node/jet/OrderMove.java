package com.flashsale.node.jet;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.core.EntryEventType;
import com.hazelcast.map.EventJournalMapEvent;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.math.BigDecimal;

/**
 * One order change from the orders map's event journal, reduced to what the totals need: the status it
 * left ({@code from}, null for a new order) and the status it entered ({@code to}, null when removed), its
 * units and amount. Counting an order once at its latest status is then a move of one order, its units and
 * (for CONFIRMED) its amount from {@code from} to {@code to}: the journal delivers a key's events in order, so
 * every {@code from} is the {@code to} of the event before it. VOIDED tombstones are no order and count nowhere.
 *
 * <p>The journal's projection builds moves on the member that owns the order and ships them to the job, one
 * per order change: hence a Compact serializer (Java serialization of this record cost the job more than all
 * its counting).
 *
 * @param placedAt when the order was placed, for orders new to the grid through a placement (0 otherwise:
 *     an update, or an order loaded from PostgreSQL at start, which is no placement "now")
 */
public record OrderMove(String saleId, OrderStatus from, OrderStatus to, int quantity, BigDecimal amount,
    String currency, long placedAt) implements SaleInput {

  public static final String TYPE_NAME = "OrderMove";

  /** The journal events that change the figures: not evictions, and not tombstones of void placements. */
  public static boolean concernsFigures(EventJournalMapEvent<Long, Order> event) {
    return event.getType() != EntryEventType.EVICTED && event.getType() != EntryEventType.EXPIRED
        && (counted(event.getOldValue()) || counted(event.getNewValue()));
  }

  /** The move an event makes; call it only for events that {@link #concernsFigures concern the figures}. */
  public static OrderMove of(EventJournalMapEvent<Long, Order> event) {
    Order before = counted(event.getOldValue()) ? event.getOldValue() : null;
    Order after = event.getType() == EntryEventType.REMOVED || !counted(event.getNewValue()) ? null : event.getNewValue();
    Order order = after != null ? after : before;
    boolean placedNow = before == null && after != null && event.getType() == EntryEventType.ADDED;
    return new OrderMove(order.saleId(), before == null ? null : before.status(), after == null ? null : after.status(),
        order.quantity(), order.unitPrice().multiply(BigDecimal.valueOf(order.quantity())), order.currency(),
        placedNow ? order.createdAt().toEpochMilli() : 0);
  }

  private static boolean counted(Order order) {
    return order != null && order.saleId() != null;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<OrderMove> {
    public Serializer() {
      super(TYPE_NAME, OrderMove.class);
    }

    @Override
    public OrderMove read(CompactReader reader) {
      return new OrderMove(reader.readString("saleId"), status(reader.readString("from")),
          status(reader.readString("to")), reader.readInt32("quantity"), reader.readDecimal("amount"),
          reader.readString("currency"), reader.readInt64("placedAt"));
    }

    @Override
    public void write(CompactWriter writer, OrderMove move) {
      writer.writeString("saleId", move.saleId());
      writer.writeString("from", move.from() == null ? null : move.from().name());
      writer.writeString("to", move.to() == null ? null : move.to().name());
      writer.writeInt32("quantity", move.quantity());
      writer.writeDecimal("amount", move.amount());
      writer.writeString("currency", move.currency());
      writer.writeInt64("placedAt", move.placedAt());
    }

    private static OrderStatus status(String name) {
      return name == null ? null : OrderStatus.valueOf(name);
    }
  }
}
