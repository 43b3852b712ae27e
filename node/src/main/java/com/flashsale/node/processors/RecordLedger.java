package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Records a ledger, unchanged, in its member's {@link LatestLedgers}: the read of every local ledger after the
 * cluster changed. On the partition thread, like every ledger operation, so it never records an older value over a
 * newer one. Answers whether there was a ledger.
 */
public final class RecordLedger extends LedgerOperation<Boolean> implements ReadOnly {

  public static final String TYPE_NAME = "RecordLedger";

  @Override
  protected Boolean decide(Map.Entry<ProductKey, Ledger> entry, long now) {
    return entry.getValue() != null;
  }

  @Override
  protected boolean recordsUnchanged() {
    return true;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<RecordLedger> {
    public Serializer() {
      super(TYPE_NAME, RecordLedger.class);
    }

    @Override
    public RecordLedger read(CompactReader reader) {
      return new RecordLedger();
    }

    @Override
    public void write(CompactWriter writer, RecordLedger processor) {
      // Nothing to carry.
    }
  }
}
