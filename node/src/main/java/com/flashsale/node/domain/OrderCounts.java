package com.flashsale.node.domain;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.math.BigDecimal;

/**
 * A product's orders counted by status, kept by its {@link Ledger} as each order moves, so that the statistics
 * read exact totals in O(1) from the ledgers, never from a journal that a restart may have overflowed: orders
 * PENDING, CONFIRMED and CANCELLED, the units of the cancelled ones (the ledger counts the others), and the
 * confirmed orders' amount in the product's currency ({@code null} before the first order).
 */
public record OrderCounts(long pending, long confirmed, long cancelled, long cancelledUnits, BigDecimal revenue,
    String currency) {

  public static final String TYPE_NAME = "OrderCounts";
  public static final OrderCounts NONE = new OrderCounts(0, 0, 0, 0, BigDecimal.ZERO, null);

  /** These counts with the order moved from its status {@code before} (null for a new order) to its status now. */
  OrderCounts moved(Order before, Order now) {
    OrderCounts counts = before == null ? this : plus(before, -1);
    return counts.plus(now, 1);
  }

  private OrderCounts plus(Order order, int sign) {
    OrderStatus status = order.status();
    BigDecimal amount = status == OrderStatus.CONFIRMED
        ? order.unitPrice().multiply(BigDecimal.valueOf((long) sign * order.quantity()))
        : BigDecimal.ZERO;
    return new OrderCounts(
        pending + (status == OrderStatus.PENDING ? sign : 0),
        confirmed + (status == OrderStatus.CONFIRMED ? sign : 0),
        cancelled + (status == OrderStatus.CANCELLED ? sign : 0),
        cancelledUnits + (status == OrderStatus.CANCELLED ? (long) sign * order.quantity() : 0),
        revenue.add(amount),
        currency != null ? currency : order.currency());
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<OrderCounts> {
    public Serializer() {
      super(TYPE_NAME, OrderCounts.class);
    }

    @Override
    public OrderCounts read(CompactReader reader) {
      return new OrderCounts(reader.readInt64("pending"), reader.readInt64("confirmed"), reader.readInt64("cancelled"),
          reader.readInt64("cancelledUnits"), reader.readDecimal("revenue"), reader.readString("currency"));
    }

    @Override
    public void write(CompactWriter writer, OrderCounts counts) {
      writer.writeInt64("pending", counts.pending());
      writer.writeInt64("confirmed", counts.confirmed());
      writer.writeInt64("cancelled", counts.cancelled());
      writer.writeInt64("cancelledUnits", counts.cancelledUnits());
      writer.writeDecimal("revenue", counts.revenue());
      writer.writeString("currency", counts.currency());
    }
  }
}
