package com.flashsale.node.processors;

import com.flashsale.node.domain.Stock;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * Moves a confirmed order's held units to {@code confirmed}. Run only after the order itself is
 * CONFIRMED; idempotent by order id, so the sweeper may run it again to heal a crash in between.
 */
public final class ConfirmUnits extends SettleHold {

  public static final String TYPE_NAME = "ConfirmUnits";

  public ConfirmUnits(long orderId) {
    super(orderId);
  }

  @Override
  protected Stock settle(Stock stock) {
    return stock.confirm(orderId);
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
