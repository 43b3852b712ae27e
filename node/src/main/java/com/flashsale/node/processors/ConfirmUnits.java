package com.flashsale.node.processors;

import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Moves a confirmed order's held units to {@code confirmed}. Run only after the order itself is
 * CONFIRMED; idempotent by order id, so the sweeper may run it again to heal a crash in between.
 */
public final class ConfirmUnits extends MutatingProcessor<ProductKey, Stock, Settled> {

  public static final String TYPE_NAME = "ConfirmUnits";

  private final long orderId;

  public ConfirmUnits(long orderId) {
    this.orderId = orderId;
  }

  @Override
  protected Settled apply(Map.Entry<ProductKey, Stock> entry) {
    Stock stock = entry.getValue();
    if (stock == null || stock.hold(orderId).isEmpty()) {
      return Settled.NOTHING_HELD;
    }
    write(entry, stock.confirm(orderId));
    return Settled.MOVED;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<ConfirmUnits> {
    @Override
    public ConfirmUnits read(CompactReader reader) {
      return new ConfirmUnits(reader.readInt64("orderId"));
    }

    @Override
    public void write(CompactWriter writer, ConfirmUnits processor) {
      writer.writeInt64("orderId", processor.orderId);
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<ConfirmUnits> getCompactClass() {
      return ConfirmUnits.class;
    }
  }
}
