package com.flashsale.node.jet;

import com.flashsale.node.domain.Stock;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Arrays;
import java.util.List;

/**
 * A second has passed for one sale, with its products' figures as their ledgers hold them now ({@code products},
 * the ledgers' exact counts of orders and units by status): the statistics job takes the sale's totals from it
 * and publishes the sale's figures if anything changed since it last did. With one tick per sale and second, a
 * sale's figures are written at most about once a second however many orders pour in, and at the latest a
 * second after its last change.
 */
public record SaleTick(String saleId, long at, List<Stock> products) implements SaleInput {

  public static final String TYPE_NAME = "SaleTick";

  public SaleTick {
    products = List.copyOf(products);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<SaleTick> {
    public Serializer() {
      super(TYPE_NAME, SaleTick.class);
    }

    @Override
    public SaleTick read(CompactReader reader) {
      return new SaleTick(reader.readString("saleId"), reader.readInt64("at"),
          Arrays.asList(reader.readArrayOfCompact("products", Stock.class)));
    }

    @Override
    public void write(CompactWriter writer, SaleTick tick) {
      writer.writeString("saleId", tick.saleId());
      writer.writeInt64("at", tick.at());
      writer.writeArrayOfCompact("products", tick.products().toArray(new Stock[0]));
    }
  }
}
