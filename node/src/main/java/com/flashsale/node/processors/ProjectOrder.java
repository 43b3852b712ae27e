package com.flashsale.node.processors;

import com.flashsale.node.domain.Order;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Writes an order into the read side (orders by id, queried by user) as its ledger last wrote it. The
 * ledger numbers every change of an order with a higher version, so the read side keeps the newer of what it
 * has and what arrives: two calls that projected one order's changes out of order still leave the latest.
 */
public final class ProjectOrder extends MutatingProcessor<Long, Order, Boolean> {

  public static final String TYPE_NAME = "ProjectOrder";

  private final Order order;

  public ProjectOrder(Order order) {
    this.order = order;
  }

  /** Whether the read side took this order (false: it already had this version or a newer one). */
  @Override
  protected Boolean apply(Map.Entry<Long, Order> entry) {
    Order standing = entry.getValue();
    if (standing != null && standing.version() >= order.version()) {
      return false;
    }
    write(entry, order);
    return true;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<ProjectOrder> {
    public Serializer() {
      super(TYPE_NAME, ProjectOrder.class);
    }

    @Override
    public ProjectOrder read(CompactReader reader) {
      return new ProjectOrder(reader.readCompact("order"));
    }

    @Override
    public void write(CompactWriter writer, ProjectOrder processor) {
      writer.writeCompact("order", processor.order);
    }
  }
}
