package com.flashsale.node.domain;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/** One order's share of a user's allowance for a product: its units and when they were reserved (epoch ms). */
public record HeldOrder(long orderId, int units, long reservedAt) {

  public static final String TYPE_NAME = "HeldOrder";

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<HeldOrder> {
    @Override
    public HeldOrder read(CompactReader reader) {
      return new HeldOrder(reader.readInt64("orderId"), reader.readInt32("units"), reader.readInt64("reservedAt"));
    }

    @Override
    public void write(CompactWriter writer, HeldOrder held) {
      writer.writeInt64("orderId", held.orderId());
      writer.writeInt32("units", held.units());
      writer.writeInt64("reservedAt", held.reservedAt());
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<HeldOrder> getCompactClass() {
      return HeldOrder.class;
    }
  }
}
