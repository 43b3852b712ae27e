package com.flashsale.node.processors;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.time.Instant;

/** A failed payment: PENDING becomes CANCELLED/PAYMENT_FAILED; the caller then returns units and allowance. */
public final class FailPayment extends OrderTransition {

  public static final String TYPE_NAME = "FailPayment";

  private final String paymentRef;

  public FailPayment(String paymentRef, long now) {
    super(now);
    this.paymentRef = paymentRef;
  }

  @Override
  protected Order transition(Order pending, Instant at) {
    return pending.cancelled(CancelReason.PAYMENT_FAILED, paymentRef, at);
  }

  @Override
  protected boolean alreadyApplied(Order order) {
    return order.status() == OrderStatus.CANCELLED && order.cancelReason() == CancelReason.PAYMENT_FAILED;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<FailPayment> {
    @Override
    public FailPayment read(CompactReader reader) {
      return new FailPayment(reader.readString("paymentRef"), reader.readInt64("now"));
    }

    @Override
    public void write(CompactWriter writer, FailPayment processor) {
      writer.writeString("paymentRef", processor.paymentRef);
      writer.writeInt64("now", processor.now);
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<FailPayment> getCompactClass() {
      return FailPayment.class;
    }
  }
}
