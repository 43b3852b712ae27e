package com.flashsale.node.processors;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * The answer of {@link SettleMergeFence}: whether the fence was lifted and, if so, by how many units the orders
 * promise more than the product has ({@code oversoldUnits}, 0 when the split sold nothing twice).
 */
public record FenceSettlement(Outcome outcome, int oversoldUnits) {

  public static final String TYPE_NAME = "FenceSettlement";

  /** How a settlement ended. */
  public enum Outcome {
    /** The fence is gone and the figures follow the orders. */
    SETTLED,
    /** There was no fence (settled by someone else, or never merged); nothing changed. */
    NO_FENCE,
    /** The stock changed since it was read; nothing changed: read it and the orders again. */
    VERSION_MOVED
  }

  public static FenceSettlement settled(int oversoldUnits) {
    return new FenceSettlement(Outcome.SETTLED, oversoldUnits);
  }

  public static FenceSettlement of(Outcome outcome) {
    return new FenceSettlement(outcome, 0);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<FenceSettlement> {
    @Override
    public FenceSettlement read(CompactReader reader) {
      return new FenceSettlement(Outcome.valueOf(reader.readString("outcome")), reader.readInt32("oversoldUnits"));
    }

    @Override
    public void write(CompactWriter writer, FenceSettlement settlement) {
      writer.writeString("outcome", settlement.outcome().name());
      writer.writeInt32("oversoldUnits", settlement.oversoldUnits());
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<FenceSettlement> getCompactClass() {
      return FenceSettlement.class;
    }
  }
}
