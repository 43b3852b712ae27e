package com.flashsale.node.jet;

import com.flashsale.node.domain.Order;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.core.EntryEventType;
import com.hazelcast.map.EventJournalMapEvent;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * An order new to the grid through a placement, from the orders map's event journal: what the orders-per-second
 * series counts. Only placements are shipped to the job (the journal's predicate runs on the member that owns
 * the order): payments, cancels and expiries move the totals, which the job reads from the ledgers instead
 * ({@link SaleTick}), and an order loaded from PostgreSQL at start was no placement "now".
 */
public record OrderPlaced(String saleId, long at) implements SaleInput {

  public static final String TYPE_NAME = "OrderPlaced";

  /** A placement: an order added to the read side (not loaded, not a void placement's tombstone). */
  public static boolean isPlacement(EventJournalMapEvent<Long, Order> event) {
    return event.getType() == EntryEventType.ADDED && event.getNewValue() != null
        && event.getNewValue().saleId() != null;
  }

  public static OrderPlaced of(EventJournalMapEvent<Long, Order> event) {
    Order order = event.getNewValue();
    return new OrderPlaced(order.saleId(), order.createdAt().toEpochMilli());
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<OrderPlaced> {
    public Serializer() {
      super(TYPE_NAME, OrderPlaced.class);
    }

    @Override
    public OrderPlaced read(CompactReader reader) {
      return new OrderPlaced(reader.readString("saleId"), reader.readInt64("at"));
    }

    @Override
    public void write(CompactWriter writer, OrderPlaced placed) {
      writer.writeString("saleId", placed.saleId());
      writer.writeInt64("at", placed.at());
    }
  }
}
