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
 * The backup half of a {@link LedgerOperation}: applies on a backup replica the change its primary
 * committed. Backups of one partition run in the primary's order, so the replica applies each change to the
 * same value the primary did and reaches the same result.
 */
public final class ApplyLedgerChange<R> implements EntryProcessor<ProductKey, Ledger, R> {

  public static final String TYPE_NAME = "ApplyLedgerChange";

  private final LedgerChange change;

  public ApplyLedgerChange(LedgerChange change) {
    this.change = change;
  }

  public LedgerChange change() {
    return change;
  }

  @Override
  public R process(Map.Entry<ProductKey, Ledger> entry) {
    if (entry.getValue() != null) {
      entry.setValue(entry.getValue().apply(change));
    }
    return null;
  }

  @Override
  public EntryProcessor<ProductKey, Ledger, R> getBackupProcessor() {
    return null;
  }

  /** Compact serializer; the type name is permanent. */
  @SuppressWarnings("rawtypes")
  public static final class Serializer extends TypedSerializer<ApplyLedgerChange> {
    public Serializer() {
      super(TYPE_NAME, ApplyLedgerChange.class);
    }

    @Override
    public ApplyLedgerChange read(CompactReader reader) {
      return new ApplyLedgerChange<>(reader.readCompact("change"));
    }

    @Override
    public void write(CompactWriter writer, ApplyLedgerChange processor) {
      writer.writeCompact("change", processor.change());
    }
  }
}
