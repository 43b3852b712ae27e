package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Reads a product's figures on its partition and answers with them alone: a hot product's ledger holds
 * every order, which a plain {@code get} would copy to the caller ({@link LedgerRead}).
 */
public final class ReadStock implements LedgerRead<Stock> {

  public static final String TYPE_NAME = "ReadStock";

  @Override
  public Stock process(Map.Entry<ProductKey, Ledger> entry) {
    return entry.getValue() == null ? null : Stock.of(entry.getValue());
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<ReadStock> {
    public Serializer() {
      super(TYPE_NAME, ReadStock.class);
    }

    @Override
    public ReadStock read(CompactReader reader) {
      return new ReadStock();
    }

    @Override
    public void write(CompactWriter writer, ReadStock processor) {
      // No fields.
    }
  }
}
