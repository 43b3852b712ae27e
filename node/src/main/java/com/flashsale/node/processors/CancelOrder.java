package com.flashsale.node.processors;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.time.Instant;

/** The shopper gives up: PENDING becomes CANCELLED/USER_CANCELLED; the caller then returns units and allowance. */
public final class CancelOrder extends OrderTransition {

  public static final String TYPE_NAME = "CancelOrder";

  public CancelOrder(long now) {
    super(now);
  }

  @Override
  protected Order transition(Order pending, Instant at) {
    return pending.cancelled(CancelReason.USER_CANCELLED, null, at);
  }

  @Override
  protected boolean alreadyApplied(Order order) {
    return order.status() == OrderStatus.CANCELLED && order.cancelReason() == CancelReason.USER_CANCELLED;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<CancelOrder> {
    @Override
    public CancelOrder read(CompactReader reader) {
      return new CancelOrder(reader.readInt64("now"));
    }

    @Override
    public void write(CompactWriter writer, CancelOrder processor) {
      writer.writeInt64("now", processor.now);
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<CancelOrder> getCompactClass() {
      return CancelOrder.class;
    }
  }
}
