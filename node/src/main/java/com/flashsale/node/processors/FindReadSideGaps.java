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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares, on the product's partition, what the read side holds of the product's orders (order id →
 * version) with the ledger, and answers with the ledger's orders that the read side lacks or holds at an
 * older version. Projecting them is always safe: the read side keeps the newer version.
 */
public final class FindReadSideGaps implements EntryProcessor<ProductKey, Ledger, LedgerChange>, ReadOnly {

  public static final String TYPE_NAME = "FindReadSideGaps";

  private final long[] orderIds;
  private final long[] versions;

  public FindReadSideGaps(Map<Long, Long> readSideVersions) {
    this(readSideVersions.keySet().stream().mapToLong(Long::longValue).toArray(),
        readSideVersions.values().stream().mapToLong(Long::longValue).toArray());
  }

  private FindReadSideGaps(long[] orderIds, long[] versions) {
    this.orderIds = orderIds;
    this.versions = versions;
  }

  @Override
  public LedgerChange process(Map.Entry<ProductKey, Ledger> entry) {
    if (entry.getValue() == null) {
      return LedgerChange.of(List.of());
    }
    Map<Long, Long> readSide = new HashMap<>();
    for (int i = 0; i < orderIds.length; i++) {
      readSide.put(orderIds[i], versions[i]);
    }
    List<Order> behind = new ArrayList<>();
    for (Order order : entry.getValue().orders().values()) {
      Long seen = readSide.get(order.orderId());
      if (seen == null || seen < order.version()) {
        behind.add(order);
      }
    }
    return LedgerChange.of(behind);
  }

  @Override
  public EntryProcessor<ProductKey, Ledger, LedgerChange> getBackupProcessor() {
    return null;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<FindReadSideGaps> {
    public Serializer() {
      super(TYPE_NAME, FindReadSideGaps.class);
    }

    @Override
    public FindReadSideGaps read(CompactReader reader) {
      return new FindReadSideGaps(reader.readArrayOfInt64("orderIds"), reader.readArrayOfInt64("versions"));
    }

    @Override
    public void write(CompactWriter writer, FindReadSideGaps processor) {
      writer.writeArrayOfInt64("orderIds", processor.orderIds);
      writer.writeArrayOfInt64("versions", processor.versions);
    }
  }
}
