package com.flashsale.node.domain;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * Units of a product taken for one order (of {@code userId}) and not yet settled (paid for or returned).
 * {@code deadline} (epoch ms) is when the sweeper next looks at the hold: a few seconds after the take
 * (has the order been recorded? a hold of a placement that died is returned then), and from then on the
 * order's {@code expiresAt}.
 */
public record Hold(long orderId, String userId, int units, long deadline) {

  public static final String TYPE_NAME = "Hold";

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<Hold> {
    @Override
    public Hold read(CompactReader reader) {
      return new Hold(reader.readInt64("orderId"), reader.readString("userId"), reader.readInt32("units"),
          reader.readInt64("deadline"));
    }

    @Override
    public void write(CompactWriter writer, Hold hold) {
      writer.writeInt64("orderId", hold.orderId());
      writer.writeString("userId", hold.userId());
      writer.writeInt32("units", hold.units());
      writer.writeInt64("deadline", hold.deadline());
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<Hold> getCompactClass() {
      return Hold.class;
    }
  }
}
