package com.flashsale.node.jet;

import com.flashsale.node.domain.SaleSums;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One sale's figures summed over its products' ledgers: orders and units by status and the confirmed revenue
 * per currency, summed by {@link SumSaleTotals}. Each ledger counts its own orders as they move
 * ({@link com.flashsale.node.domain.OrderCounts}), so the sum is exact and
 * costs O(products), whatever the number of orders.
 */
public record SaleTotals(String saleId, long pendingOrders, long confirmedOrders, long cancelledOrders,
    long pendingUnits, long confirmedUnits, long cancelledUnits, SortedMap<String, BigDecimal> revenue)
    implements Serializable {

  public static final String TYPE_NAME = "SaleTotals";

  public SaleTotals {
    revenue = Collections.unmodifiableSortedMap(new TreeMap<>(revenue));
  }

  /** The sale's figures as {@code sums} hold them. */
  public static SaleTotals of(String saleId, SaleSums sums) {
    return sums.read(reader(saleId));
  }

  /** What reads a sale's sums into its totals. */
  public static SaleSums.Reader<SaleTotals> reader(String saleId) {
    return (pendingOrders, confirmedOrders, cancelledOrders, pendingUnits, confirmedUnits, cancelledUnits, revenue)
        -> new SaleTotals(saleId, pendingOrders, confirmedOrders, cancelledOrders, pendingUnits, confirmedUnits,
        cancelledUnits, revenue);
  }

  /** A sale with no order yet. */
  public static SaleTotals none(String saleId) {
    return new SaleTotals(saleId, 0, 0, 0, 0, 0, 0, new TreeMap<>());
  }

  /** Every order the sale's ledgers hold, whatever its status: it only grows as orders are placed. */
  public long orders() {
    return pendingOrders + confirmedOrders + cancelledOrders;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<SaleTotals> {
    public Serializer() {
      super(TYPE_NAME, SaleTotals.class);
    }

    @Override
    public SaleTotals read(CompactReader reader) {
      String[] currencies = reader.readArrayOfString("currencies");
      BigDecimal[] amounts = reader.readArrayOfDecimal("amounts");
      TreeMap<String, BigDecimal> revenue = new TreeMap<>();
      for (int i = 0; i < currencies.length; i++) {
        revenue.put(currencies[i], amounts[i]);
      }
      return new SaleTotals(reader.readString("saleId"), reader.readInt64("pendingOrders"),
          reader.readInt64("confirmedOrders"), reader.readInt64("cancelledOrders"), reader.readInt64("pendingUnits"),
          reader.readInt64("confirmedUnits"), reader.readInt64("cancelledUnits"), revenue);
    }

    @Override
    public void write(CompactWriter writer, SaleTotals totals) {
      writer.writeString("saleId", totals.saleId());
      writer.writeInt64("pendingOrders", totals.pendingOrders());
      writer.writeInt64("confirmedOrders", totals.confirmedOrders());
      writer.writeInt64("cancelledOrders", totals.cancelledOrders());
      writer.writeInt64("pendingUnits", totals.pendingUnits());
      writer.writeInt64("confirmedUnits", totals.confirmedUnits());
      writer.writeInt64("cancelledUnits", totals.cancelledUnits());
      writer.writeArrayOfString("currencies", totals.revenue().keySet().toArray(new String[0]));
      writer.writeArrayOfDecimal("amounts", totals.revenue().values().toArray(new BigDecimal[0]));
    }
  }
}
