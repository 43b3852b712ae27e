package com.flashsale.node.processors;

import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Closes the sale window of every product of a sale at the instant an operator ended it. Applied to many
 * keys at once, so it is deterministic and backs up by running itself on the backup replica.
 */
public final class CloseSaleWindow implements EntryProcessor<ProductKey, Stock, Boolean> {

  public static final String TYPE_NAME = "CloseSaleWindow";

  private final long closedAt;

  public CloseSaleWindow(long closedAt) {
    this.closedAt = closedAt;
  }

  @Override
  public Boolean process(Map.Entry<ProductKey, Stock> entry) {
    Stock stock = entry.getValue();
    if (stock == null) {
      return false;
    }
    Stock next = stock.closedAt(closedAt);
    if (next != stock) {
      entry.setValue(next);
    }
    return next != stock;
  }

  @Override
  public EntryProcessor<ProductKey, Stock, Boolean> getBackupProcessor() {
    return this;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<CloseSaleWindow> {
    @Override
    public CloseSaleWindow read(CompactReader reader) {
      return new CloseSaleWindow(reader.readInt64("closedAt"));
    }

    @Override
    public void write(CompactWriter writer, CloseSaleWindow processor) {
      writer.writeInt64("closedAt", processor.closedAt);
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<CloseSaleWindow> getCompactClass() {
      return CloseSaleWindow.class;
    }
  }
}
