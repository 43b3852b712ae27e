package com.flashsale.node.jet;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.SaleSums;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.aggregation.Aggregator;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.io.Serial;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sums the ledgers it is given into one {@link SaleTotals} per sale, where the ledgers live: each member adds up
 * its own partitions' ledgers and sends back one small total per sale, instead of a figure per product for the
 * caller to add. It reads only the values (a ledger names its sale): decoding each key cost more than the sums.
 * With {@link com.flashsale.node.processors.InSales} it is the statistics ticker's read of the
 * live sales, once a second. Ledgers are immutable values, so reading them beside the partition threads is safe.
 */
public final class SumSaleTotals implements Aggregator<Map.Entry<ProductKey, Ledger>, Map<String, SaleTotals>> {

  public static final String TYPE_NAME = "SumSaleTotals";
  @Serial
  private static final long serialVersionUID = 1L;

  /** Running sums, one per sale: added to in place, so a ledger costs a few additions and no allocation. */
  private final HashMap<String, SaleSums> bySale = new HashMap<>();

  @Override
  public void accumulate(Map.Entry<ProductKey, Ledger> entry) {
    if (entry.getValue() != null) {
      add(entry.getValue());
    }
  }

  @Override
  public void combine(Aggregator aggregator) {
    ((SumSaleTotals) aggregator).totals().forEach(this::add);
  }

  @Override
  public Map<String, SaleTotals> aggregate() {
    return totals().stream().collect(Collectors.toUnmodifiableMap(SaleTotals::saleId, totals -> totals));
  }

  /** Adds one product's figures, as its ledger holds them. */
  void add(Ledger ledger) {
    sums(ledger.saleId()).add(ledger, 1, true);
  }

  /** Adds a partial sum of a sale (another member's). */
  void add(SaleTotals totals) {
    sums(totals.saleId()).add(totals.pendingOrders(), totals.confirmedOrders(), totals.cancelledOrders(),
        totals.pendingUnits(), totals.confirmedUnits(), totals.cancelledUnits(), totals.revenue());
  }

  private SaleSums sums(String saleId) {
    return bySale.computeIfAbsent(saleId, sale -> new SaleSums());
  }

  private List<SaleTotals> totals() {
    return bySale.entrySet().stream().map(sale -> SaleTotals.of(sale.getKey(), sale.getValue())).toList();
  }

  /** Compact serializer (a member sends its partial sums back in it); the type name is permanent. */
  public static final class Serializer extends TypedSerializer<SumSaleTotals> {
    public Serializer() {
      super(TYPE_NAME, SumSaleTotals.class);
    }

    @Override
    public SumSaleTotals read(CompactReader reader) {
      SumSaleTotals sum = new SumSaleTotals();
      Arrays.stream(reader.readArrayOfCompact("bySale", SaleTotals.class)).forEach(sum::add);
      return sum;
    }

    @Override
    public void write(CompactWriter writer, SumSaleTotals sum) {
      writer.writeArrayOfCompact("bySale", sum.totals().toArray(SaleTotals[]::new));
    }
  }
}
