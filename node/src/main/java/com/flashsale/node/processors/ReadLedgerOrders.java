package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads, on the product's partition, the ledger's orders with the given ids as they stand now (those it has):
 * what a reconciliation re-checks before it repairs the read side, so that it projects the ledger's current
 * order, never the job's possibly older sight of it.
 */
public final class ReadLedgerOrders implements EntryProcessor<ProductKey, Ledger, LedgerChange>, ReadOnly {

  public static final String TYPE_NAME = "ReadLedgerOrders";

  private final long[] orderIds;

  public ReadLedgerOrders(Collection<Long> orderIds) {
    this(orderIds.stream().mapToLong(Long::longValue).toArray());
  }

  private ReadLedgerOrders(long[] orderIds) {
    this.orderIds = orderIds;
  }

  @Override
  public LedgerChange process(Map.Entry<ProductKey, Ledger> entry) {
    List<Order> found = new ArrayList<>();
    if (entry.getValue() != null) {
      for (long orderId : orderIds) {
        entry.getValue().order(orderId).ifPresent(found::add);
      }
    }
    return LedgerChange.of(found);
  }

  @Override
  public EntryProcessor<ProductKey, Ledger, LedgerChange> getBackupProcessor() {
    return null;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<ReadLedgerOrders> {
    public Serializer() {
      super(TYPE_NAME, ReadLedgerOrders.class);
    }

    @Override
    public ReadLedgerOrders read(CompactReader reader) {
      return new ReadLedgerOrders(reader.readArrayOfInt64("orderIds"));
    }

    @Override
    public void write(CompactWriter writer, ReadLedgerOrders processor) {
      writer.writeArrayOfInt64("orderIds", processor.orderIds);
    }
  }
}
