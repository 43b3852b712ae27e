package com.flashsale.node.processors;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Last step of a placement: records the order whose allowance and units are already held. Never
 * overwrites: an existing order is returned as it is (a replay), and a VOIDED tombstone, left by repair
 * that already returned this order's units, makes the late placement fail instead of selling them twice.
 */
public final class CreateOrder extends MutatingProcessor<Long, Order, OrderChange> {

  public static final String TYPE_NAME = "CreateOrder";

  private final Order order;

  public CreateOrder(Order order) {
    this.order = order;
  }

  @Override
  protected OrderChange apply(Map.Entry<Long, Order> entry) {
    Order existing = entry.getValue();
    if (existing == null) {
      write(entry, order);
      return OrderChange.of(OrderChange.Outcome.APPLIED, order);
    }
    if (existing.status() == OrderStatus.VOIDED) {
      return OrderChange.of(OrderChange.Outcome.VOIDED, null);
    }
    return OrderChange.of(OrderChange.Outcome.ALREADY_APPLIED, existing);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<CreateOrder> {
    @Override
    public CreateOrder read(CompactReader reader) {
      return new CreateOrder(reader.readCompact("order"));
    }

    @Override
    public void write(CompactWriter writer, CreateOrder processor) {
      writer.writeCompact("order", processor.order);
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<CreateOrder> getCompactClass() {
      return CreateOrder.class;
    }
  }
}
