package com.flashsale.node.processors;

import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.Holding;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Gives an order's share of the per-user limit back: after a rejected take, or once the order is
 * cancelled. Idempotent by order id; an emptied holding is removed so the map only keeps real holders.
 */
public final class ReleaseAllowance extends MutatingProcessor<HoldingKey, Holding, Settled> {

  public static final String TYPE_NAME = "ReleaseAllowance";

  private final long orderId;

  public ReleaseAllowance(long orderId) {
    this.orderId = orderId;
  }

  @Override
  protected Settled apply(Map.Entry<HoldingKey, Holding> entry) {
    Holding holding = entry.getValue();
    if (holding == null || holding.order(orderId).isEmpty()) {
      return Settled.NOTHING_HELD;
    }
    Holding next = holding.release(orderId);
    write(entry, next.isEmpty() ? null : next);
    return Settled.MOVED;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<ReleaseAllowance> {
    @Override
    public ReleaseAllowance read(CompactReader reader) {
      return new ReleaseAllowance(reader.readInt64("orderId"));
    }

    @Override
    public void write(CompactWriter writer, ReleaseAllowance processor) {
      writer.writeInt64("orderId", processor.orderId);
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<ReleaseAllowance> getCompactClass() {
      return ReleaseAllowance.class;
    }
  }
}
