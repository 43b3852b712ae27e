package com.flashsale.node.processors;

import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * The sweeper found the hold's order recorded and waiting for payment: it need not look again before the
 * order's {@code expiresAt}. Moves only the deadline, never units.
 */
public final class ExtendHold extends MutatingProcessor<ProductKey, Stock, Settled> {

  public static final String TYPE_NAME = "ExtendHold";

  private final long orderId;
  private final long deadline;

  public ExtendHold(long orderId, long deadline) {
    this.orderId = orderId;
    this.deadline = deadline;
  }

  @Override
  protected Settled apply(Map.Entry<ProductKey, Stock> entry) {
    Stock stock = entry.getValue();
    Stock next = stock == null ? null : stock.withDeadline(orderId, deadline);
    if (next == stock) {
      return Settled.NOTHING_HELD;
    }
    write(entry, next);
    return Settled.MOVED;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<ExtendHold> {
    @Override
    public ExtendHold read(CompactReader reader) {
      return new ExtendHold(reader.readInt64("orderId"), reader.readInt64("deadline"));
    }

    @Override
    public void write(CompactWriter writer, ExtendHold processor) {
      writer.writeInt64("orderId", processor.orderId);
      writer.writeInt64("deadline", processor.deadline);
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<ExtendHold> getCompactClass() {
      return ExtendHold.class;
    }
  }
}
