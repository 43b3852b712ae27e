package com.flashsale.node.processors;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.time.Instant;

/** A successful payment: PENDING becomes CONFIRMED; the caller then moves the held units to confirmed. */
public final class ConfirmPayment extends OrderTransition {

  public static final String TYPE_NAME = "ConfirmPayment";

  private final String paymentRef;

  public ConfirmPayment(String paymentRef, long now) {
    super(now);
    this.paymentRef = paymentRef;
  }

  @Override
  protected Order transition(Order pending, Instant at) {
    return pending.confirmed(paymentRef, at);
  }

  @Override
  protected boolean alreadyApplied(Order order) {
    return order.status() == OrderStatus.CONFIRMED;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<ConfirmPayment> {
    @Override
    public ConfirmPayment read(CompactReader reader) {
      return new ConfirmPayment(reader.readString("paymentRef"), reader.readInt64("now"));
    }

    @Override
    public void write(CompactWriter writer, ConfirmPayment processor) {
      writer.writeString("paymentRef", processor.paymentRef);
      writer.writeInt64("now", processor.now);
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<ConfirmPayment> getCompactClass() {
      return ConfirmPayment.class;
    }
  }
}
