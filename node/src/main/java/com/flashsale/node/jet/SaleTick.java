package com.flashsale.node.jet;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * A second has passed for one sale: the statistics job publishes the sale's figures if they changed since it
 * last did. With one tick per sale and second, a sale's figures are written at most about once a second
 * however many orders pour in, and at the latest a second after its last change.
 */
public record SaleTick(String saleId, long at) implements SaleInput {

  public static final String TYPE_NAME = "SaleTick";

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<SaleTick> {
    public Serializer() {
      super(TYPE_NAME, SaleTick.class);
    }

    @Override
    public SaleTick read(CompactReader reader) {
      return new SaleTick(reader.readString("saleId"), reader.readInt64("at"));
    }

    @Override
    public void write(CompactWriter writer, SaleTick tick) {
      writer.writeString("saleId", tick.saleId());
      writer.writeInt64("at", tick.at());
    }
  }
}
