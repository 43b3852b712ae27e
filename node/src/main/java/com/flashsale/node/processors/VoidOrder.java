package com.flashsale.node.processors;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.time.Instant;
import java.util.Map;

/**
 * Repair's fence for an order id that holds units or allowance but has no order: writes a VOIDED
 * tombstone if, and only if, no order exists. {@code APPLIED} means the fence stands and the holds may be
 * released; otherwise the order exists after all (the placement was only slow) and nothing may be touched.
 */
public final class VoidOrder extends MutatingProcessor<Long, Order, OrderChange> {

  public static final String TYPE_NAME = "VoidOrder";

  private final long now;

  public VoidOrder(long now) {
    this.now = now;
  }

  @Override
  protected OrderChange apply(Map.Entry<Long, Order> entry) {
    Order existing = entry.getValue();
    if (existing != null && existing.status() == OrderStatus.VOIDED) {
      return OrderChange.of(OrderChange.Outcome.ALREADY_APPLIED, existing);
    }
    if (existing != null) {
      return OrderChange.of(OrderChange.Outcome.NOT_PENDING, existing);
    }
    Order tombstone = Order.voided(entry.getKey(), Instant.ofEpochMilli(now));
    write(entry, tombstone);
    return OrderChange.of(OrderChange.Outcome.APPLIED, tombstone);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<VoidOrder> {
    @Override
    public VoidOrder read(CompactReader reader) {
      return new VoidOrder(reader.readInt64("now"));
    }

    @Override
    public void write(CompactWriter writer, VoidOrder processor) {
      writer.writeInt64("now", processor.now);
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<VoidOrder> getCompactClass() {
      return VoidOrder.class;
    }
  }
}
