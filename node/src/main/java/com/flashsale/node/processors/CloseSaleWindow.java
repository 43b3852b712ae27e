package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Closes the sale window of every product of a sale at the instant an operator ended it; never reopens a
 * closed window. Applied to many keys at once, so it is deterministic (the same ledger and instant give the
 * same change) and backs up by running the same change on the backup replica. The primary keeps this member's
 * indexes of its ledgers, as a {@link LedgerOperation} does ({@link LedgerIndexes#record}): the room keeper judges
 * rooms on the latest values, and an ended sale's live tickets must expire.
 */
public final class CloseSaleWindow implements EntryProcessor<ProductKey, Ledger, Boolean>, HazelcastInstanceAware {

  public static final String TYPE_NAME = "CloseSaleWindow";

  private final long closedAt;
  private final boolean backup;
  private transient HazelcastInstance instance;

  public CloseSaleWindow(long closedAt) {
    this(closedAt, false);
  }

  private CloseSaleWindow(long closedAt, boolean backup) {
    this.closedAt = closedAt;
    this.backup = backup;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.instance = instance;
  }

  @Override
  public Boolean process(Map.Entry<ProductKey, Ledger> entry) {
    Ledger ledger = entry.getValue();
    if (ledger == null || closedAt >= ledger.closesAt()) {
      return false;
    }
    Ledger closed = ledger.apply(LedgerChange.closedAt(closedAt));
    entry.setValue(closed);
    if (!backup && instance != null) {
      LedgerIndexes.of(instance).record(entry.getKey(), ledger, closed, false);
    }
    return true;
  }

  @Override
  public EntryProcessor<ProductKey, Ledger, Boolean> getBackupProcessor() {
    return new CloseSaleWindow(closedAt, true);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<CloseSaleWindow> {
    public Serializer() {
      super(TYPE_NAME, CloseSaleWindow.class);
    }

    @Override
    public CloseSaleWindow read(CompactReader reader) {
      return new CloseSaleWindow(reader.readInt64("closedAt"), reader.readBoolean("backup"));
    }

    @Override
    public void write(CompactWriter writer, CloseSaleWindow processor) {
      writer.writeInt64("closedAt", processor.closedAt);
      writer.writeBoolean("backup", processor.backup);
    }
  }
}
