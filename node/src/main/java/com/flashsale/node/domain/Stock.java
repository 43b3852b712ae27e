package com.flashsale.node.domain;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * The figures of one product's {@link Ledger} at one instant: what a product page and the operator's views
 * read, a few bytes instead of the whole ledger with its orders. {@code total == available + pending +
 * confirmed} holds because the ledger it was read from holds it. {@code orders} counts the product's orders by
 * status, for the statistics.
 */
public record Stock(int total, int available, int pending, int confirmed, long version, OrderCounts orders) {

  public static final String TYPE_NAME = "StockFigures";

  public static Stock of(Ledger ledger) {
    return new Stock(ledger.total(), ledger.available(), ledger.pending(), ledger.confirmed(), ledger.version(),
        ledger.counts());
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<Stock> {
    public Serializer() {
      super(TYPE_NAME, Stock.class);
    }

    @Override
    public Stock read(CompactReader reader) {
      return new Stock(reader.readInt32("total"), reader.readInt32("available"), reader.readInt32("pending"),
          reader.readInt32("confirmed"), reader.readInt64("version"), reader.readCompact("orders"));
    }

    @Override
    public void write(CompactWriter writer, Stock stock) {
      writer.writeInt32("total", stock.total());
      writer.writeInt32("available", stock.available());
      writer.writeInt32("pending", stock.pending());
      writer.writeInt32("confirmed", stock.confirmed());
      writer.writeInt64("version", stock.version());
      writer.writeCompact("orders", stock.orders());
    }
  }
}
