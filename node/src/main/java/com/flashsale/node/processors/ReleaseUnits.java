package com.flashsale.node.processors;

import com.flashsale.node.domain.Stock;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * Returns an order's held units to {@code available}: after its placement failed, or once the order is
 * CANCELLED or VOIDED. Units are returned only by removing the order's hold, so a unit can never be
 * freed twice, however often this runs.
 */
public final class ReleaseUnits extends SettleHold {

  public static final String TYPE_NAME = "ReleaseUnits";

  public ReleaseUnits(long orderId) {
    super(orderId);
  }

  @Override
  protected Stock settle(Stock stock) {
    return stock.release(orderId);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<ReleaseUnits> {
    @Override
    public ReleaseUnits read(CompactReader reader) {
      return new ReleaseUnits(reader.readInt64("orderId"));
    }

    @Override
    public void write(CompactWriter writer, ReleaseUnits processor) {
      writer.writeInt64("orderId", processor.orderId);
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<ReleaseUnits> getCompactClass() {
      return ReleaseUnits.class;
    }
  }
}
