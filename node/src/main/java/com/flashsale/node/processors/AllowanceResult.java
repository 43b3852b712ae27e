package com.flashsale.node.processors;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/** The answer of {@link ReserveAllowance}: reserved, or over the limit with what the user already holds. */
public record AllowanceResult(boolean reserved, int limit, int held) {

  public static final String TYPE_NAME = "AllowanceResult";

  public static AllowanceResult reservedWithin(int limit, int held) {
    return new AllowanceResult(true, limit, held);
  }

  public static AllowanceResult limitExceeded(int limit, int held) {
    return new AllowanceResult(false, limit, held);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<AllowanceResult> {
    @Override
    public AllowanceResult read(CompactReader reader) {
      return new AllowanceResult(reader.readBoolean("reserved"), reader.readInt32("limit"), reader.readInt32("held"));
    }

    @Override
    public void write(CompactWriter writer, AllowanceResult result) {
      writer.writeBoolean("reserved", result.reserved());
      writer.writeInt32("limit", result.limit());
      writer.writeInt32("held", result.held());
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<AllowanceResult> getCompactClass() {
      return AllowanceResult.class;
    }
  }
}
