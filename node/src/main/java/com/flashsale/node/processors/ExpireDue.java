package com.flashsale.node.processors;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The sweeper's operation: expires the PENDING orders of the product whose payment window has passed at cluster
 * time, at most {@code max} of them (the earliest), in one change, and answers with the expired orders (the
 * sweeper counts them). O(what it expires). The bound keeps each operation short: a drop's unpaid orders fall due together,
 * as fast as the crowd placed them 300 s before (thousands a second), and one operation expiring all of them held
 * its partition thread, and every placement queued behind it, for tens of milliseconds. The sweeper repeats it
 * while it expires a full batch, so other operations run between batches.
 */
public final class ExpireDue extends LedgerOperation<LedgerChange> {

  public static final String TYPE_NAME = "ExpireDue";

  private final int max;

  public ExpireDue(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("expire at least one order at a time: " + max);
    }
    this.max = max;
  }

  @Override
  protected LedgerChange decide(Map.Entry<ProductKey, Ledger> entry, long now) {
    if (entry.getValue() == null) {
      return LedgerChange.of(List.of());
    }
    Instant at = Instant.ofEpochMilli(now);
    List<Order> expired = entry.getValue().dueAt(now, max).stream()
        .map(order -> order.cancelled(CancelReason.EXPIRED, null, at))
        .toList();
    if (expired.isEmpty()) {
      return LedgerChange.of(expired);
    }
    Ledger next = commit(entry, LedgerChange.of(expired));
    return LedgerChange.of(expired.stream().map(order -> next.orders().get(order.orderId())).toList());
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<ExpireDue> {
    public Serializer() {
      super(TYPE_NAME, ExpireDue.class);
    }

    @Override
    public ExpireDue read(CompactReader reader) {
      return new ExpireDue(reader.readInt32("max"));
    }

    @Override
    public void write(CompactWriter writer, ExpireDue processor) {
      // No time: the operation reads it on the partition's member.
      writer.writeInt32("max", processor.max);
    }
  }
}
