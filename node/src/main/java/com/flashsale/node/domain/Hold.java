package com.flashsale.node.domain;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * Units of a product taken for one order (of {@code userId}) and not yet settled (paid for or returned).
 * {@code deadline} (epoch ms) is when the sweeper next looks at the hold: a few seconds after the take
 * (has the order been recorded? a hold of a placement that died is returned then), and from then on the
 * order's {@code expiresAt}.
 *
 * <p>One hold names no order: the <em>merge fence</em> ({@link #MERGE_FENCE_ID}), in which the merge after a
 * network split parks every unit it cannot vouch for, so that a merged stock sells nothing until the orders have
 * been counted again ({@code StockRebuild}). Its id is negative because flake order ids never are.
 */
public record Hold(long orderId, String userId, int units, long deadline) {

  public static final String TYPE_NAME = "Hold";

  /** The order id of the merge fence; no order ever has it. */
  public static final long MERGE_FENCE_ID = -1;
  /** The user id the merge fence is written with, so an operator reading the holds can tell what it is. */
  public static final String MERGE_FENCE_USER = "merge-fence";

  /**
   * The merge fence over {@code units}. It has no deadline ({@code Long.MAX_VALUE}): only the rebuild from the
   * orders lifts it, never the sweeper, and it leaves the sweeper's {@code nextDeadline} index untouched.
   */
  public static Hold mergeFence(int units) {
    return new Hold(MERGE_FENCE_ID, MERGE_FENCE_USER, units, Long.MAX_VALUE);
  }

  public boolean isMergeFence() {
    return orderId == MERGE_FENCE_ID;
  }

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
