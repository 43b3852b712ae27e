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
 * The sweeper's operation: expires every PENDING order of the product whose payment window has passed at
 * cluster time, in one change, and answers with the expired orders (for the read side). O(due).
 */
public final class ExpireDue extends LedgerOperation<LedgerChange> {

  public static final String TYPE_NAME = "ExpireDue";

  @Override
  protected LedgerChange decide(Map.Entry<ProductKey, Ledger> entry, long now) {
    if (entry.getValue() == null) {
      return LedgerChange.of(List.of());
    }
    Instant at = Instant.ofEpochMilli(now);
    List<Order> expired = entry.getValue().dueAt(now).stream()
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
      return new ExpireDue();
    }

    @Override
    public void write(CompactWriter writer, ExpireDue processor) {
      // No fields: the operation reads the time on the partition's member.
    }
  }
}
