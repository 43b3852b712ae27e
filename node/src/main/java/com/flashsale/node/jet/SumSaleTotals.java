package com.flashsale.node.jet;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.aggregation.Aggregator;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.io.Serial;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Sums the ledgers it is given into one {@link SaleTotals} per sale, where the ledgers live: each member adds up
 * its own partitions' ledgers and sends back one small total per sale, instead of a figure per product for the
 * caller to add. With {@link com.flashsale.node.processors.InSales} it is the statistics ticker's read of the
 * live sales, once a second. Ledgers are immutable values, so reading them beside the partition threads is safe.
 */
public final class SumSaleTotals implements Aggregator<Map.Entry<ProductKey, Ledger>, Map<String, SaleTotals>> {

  public static final String TYPE_NAME = "SumSaleTotals";
  @Serial
  private static final long serialVersionUID = 1L;

  private final HashMap<String, SaleTotals> bySale = new HashMap<>();

  @Override
  public void accumulate(Map.Entry<ProductKey, Ledger> entry) {
    Ledger ledger = entry.getValue();
    if (ledger != null) {
      add(SaleTotals.of(entry.getKey().saleId(), ledger));
    }
  }

  @Override
  public void combine(Aggregator aggregator) {
    ((SumSaleTotals) aggregator).bySale.values().forEach(this::add);
  }

  @Override
  public Map<String, SaleTotals> aggregate() {
    return Map.copyOf(bySale);
  }

  private void add(SaleTotals totals) {
    bySale.merge(totals.saleId(), totals, SaleTotals::plus);
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
      writer.writeArrayOfCompact("bySale", sum.bySale.values().toArray(new SaleTotals[0]));
    }
  }
}
