package com.flashsale.node.jet;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * A second has passed for one sale, with its figures as its ledgers hold them now ({@code totals}: the ledgers'
 * exact counts of orders and units by status, summed): the statistics job takes the sale's totals from it, counts
 * the orders placed since the previous tick into the orders-per-second series, and publishes the sale's figures if
 * anything changed. With one tick per sale and second, a sale's figures are written at most about once a second
 * however many orders pour in, and at the latest a second after its last change.
 *
 * <p>{@code newSale}: the ticker met the sale after it had started, so the sale was created meanwhile and every
 * order it holds was placed since; a sale already there when the ticker started (a job started afresh, as after a
 * restart of the whole cluster) brings orders placed long before, which are totals but no rate.
 */
public record SaleTick(String saleId, long at, SaleTotals totals, boolean newSale) implements SaleInput {

  public static final String TYPE_NAME = "SaleTick";

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<SaleTick> {
    public Serializer() {
      super(TYPE_NAME, SaleTick.class);
    }

    @Override
    public SaleTick read(CompactReader reader) {
      return new SaleTick(reader.readString("saleId"), reader.readInt64("at"),
          reader.readCompact("totals"), reader.readBoolean("newSale"));
    }

    @Override
    public void write(CompactWriter writer, SaleTick tick) {
      writer.writeString("saleId", tick.saleId());
      writer.writeInt64("at", tick.at());
      writer.writeCompact("totals", tick.totals());
      writer.writeBoolean("newSale", tick.newSale());
    }
  }
}
