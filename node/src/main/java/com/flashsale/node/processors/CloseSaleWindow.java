package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Closes the sale window of every product of a sale at the instant an operator ended it; never reopens a
 * closed window. Applied to many keys at once, so it is deterministic (the same ledger and instant give the
 * same change) and backs up by running itself on the backup replica.
 */
public final class CloseSaleWindow implements EntryProcessor<ProductKey, Ledger, Boolean> {

  public static final String TYPE_NAME = "CloseSaleWindow";

  private final long closedAt;

  public CloseSaleWindow(long closedAt) {
    this.closedAt = closedAt;
  }

  @Override
  public Boolean process(Map.Entry<ProductKey, Ledger> entry) {
    Ledger ledger = entry.getValue();
    if (ledger == null || closedAt >= ledger.closesAt()) {
      return false;
    }
    entry.setValue(ledger.apply(LedgerChange.closedAt(closedAt)));
    return true;
  }

  @Override
  public EntryProcessor<ProductKey, Ledger, Boolean> getBackupProcessor() {
    return this;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<CloseSaleWindow> {
    public Serializer() {
      super(TYPE_NAME, CloseSaleWindow.class);
    }

    @Override
    public CloseSaleWindow read(CompactReader reader) {
      return new CloseSaleWindow(reader.readInt64("closedAt"));
    }

    @Override
    public void write(CompactWriter writer, CloseSaleWindow processor) {
      writer.writeInt64("closedAt", processor.closedAt);
    }
  }
}
