package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Reads one order by its number from the ledgers it runs on, as each holds it now: run on the ledgers of the
 * order id's partition, it answers from the one ledger that has the order, and with nothing from the others.
 */
public final class FindOrder implements LedgerRead<Order> {

  public static final String TYPE_NAME = "FindOrder";

  private final long orderId;

  public FindOrder(long orderId) {
    this.orderId = orderId;
  }

  @Override
  public Order process(Map.Entry<ProductKey, Ledger> entry) {
    return entry.getValue() == null ? null : entry.getValue().order(orderId).orElse(null);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<FindOrder> {
    public Serializer() {
      super(TYPE_NAME, FindOrder.class);
    }

    @Override
    public FindOrder read(CompactReader reader) {
      return new FindOrder(reader.readInt64("orderId"));
    }

    @Override
    public void write(CompactWriter writer, FindOrder processor) {
      writer.writeInt64("orderId", processor.orderId);
    }
  }
}
