package com.flashsale.node.processors;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.time.Instant;
import java.util.Map;

/**
 * A PENDING order past its {@code expiresAt} becomes CANCELLED/EXPIRED; the caller (the sweeper, or a
 * reader that found it overdue) then returns its units and allowance. Not due yet: nothing changes.
 */
public final class ExpireOrder extends MutatingProcessor<Long, Order, OrderChange> {

  public static final String TYPE_NAME = "ExpireOrder";

  private final long now;

  public ExpireOrder(long now) {
    this.now = now;
  }

  @Override
  protected OrderChange apply(Map.Entry<Long, Order> entry) {
    Order order = entry.getValue();
    if (order == null || order.status() == OrderStatus.VOIDED) {
      return OrderChange.of(OrderChange.Outcome.NOT_FOUND, null);
    }
    Instant at = Instant.ofEpochMilli(now);
    if (order.isExpiredAt(at)) {
      Order expired = order.cancelled(CancelReason.EXPIRED, null, at);
      write(entry, expired);
      return OrderChange.of(OrderChange.Outcome.APPLIED, expired);
    }
    if (order.status() == OrderStatus.PENDING) {
      return OrderChange.of(OrderChange.Outcome.NOT_DUE, order);
    }
    boolean expiredBefore = order.status() == OrderStatus.CANCELLED && order.cancelReason() == CancelReason.EXPIRED;
    return OrderChange.of(expiredBefore ? OrderChange.Outcome.ALREADY_APPLIED : OrderChange.Outcome.NOT_PENDING, order);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<ExpireOrder> {
    @Override
    public ExpireOrder read(CompactReader reader) {
      return new ExpireOrder(reader.readInt64("now"));
    }

    @Override
    public void write(CompactWriter writer, ExpireOrder processor) {
      writer.writeInt64("now", processor.now);
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<ExpireOrder> getCompactClass() {
      return ExpireOrder.class;
    }
  }
}
