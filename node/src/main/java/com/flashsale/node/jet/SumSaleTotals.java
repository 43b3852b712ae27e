package com.flashsale.node.jet;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.OrderCounts;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.aggregation.Aggregator;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.io.Serial;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

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
  private final HashMap<String, Running> bySale = new HashMap<>();

  @Override
  public void accumulate(Map.Entry<ProductKey, Ledger> entry) {
    if (entry.getValue() != null) {
      add(entry.getValue());
    }
  }

  @Override
  public void combine(Aggregator aggregator) {
    ((SumSaleTotals) aggregator).bySale.values().forEach(other -> add(other.totals()));
  }

  @Override
  public Map<String, SaleTotals> aggregate() {
    Map<String, SaleTotals> totals = new HashMap<>();
    bySale.forEach((saleId, running) -> totals.put(saleId, running.totals()));
    return Map.copyOf(totals);
  }

  /** Adds one product's figures, as its ledger holds them. */
  void add(Ledger ledger) {
    running(ledger.saleId()).add(ledger);
  }

  /** Adds a partial sum of a sale (another member's). */
  void add(SaleTotals totals) {
    running(totals.saleId()).add(totals);
  }

  private Running running(String saleId) {
    return bySale.computeIfAbsent(saleId, Running::new);
  }

  /** One sale's sums so far; {@link #totals} is the immutable figure handed on. */
  private static final class Running {
    private final String saleId;
    private long pendingOrders;
    private long confirmedOrders;
    private long cancelledOrders;
    private long pendingUnits;
    private long confirmedUnits;
    private long cancelledUnits;
    private final TreeMap<String, BigDecimal> revenue = new TreeMap<>();

    Running(String saleId) {
      this.saleId = saleId;
    }

    /** One product's figures, as its ledger holds them. */
    void add(Ledger ledger) {
      OrderCounts counts = ledger.counts();
      add(counts.pending(), counts.confirmed(), counts.cancelled(), ledger.pending(), ledger.confirmed(),
          counts.cancelledUnits());
      if (counts.currency() != null) {
        addRevenue(counts.currency(), counts.revenue());
      }
    }

    void add(SaleTotals totals) {
      add(totals.pendingOrders(), totals.confirmedOrders(), totals.cancelledOrders(), totals.pendingUnits(),
          totals.confirmedUnits(), totals.cancelledUnits());
      totals.revenue().forEach(this::addRevenue);
    }

    private void add(long pendingOrders, long confirmedOrders, long cancelledOrders, long pendingUnits,
        long confirmedUnits, long cancelledUnits) {
      this.pendingOrders += pendingOrders;
      this.confirmedOrders += confirmedOrders;
      this.cancelledOrders += cancelledOrders;
      this.pendingUnits += pendingUnits;
      this.confirmedUnits += confirmedUnits;
      this.cancelledUnits += cancelledUnits;
    }

    private void addRevenue(String currency, BigDecimal amount) {
      revenue.merge(currency, amount, BigDecimal::add);
    }

    SaleTotals totals() {
      return new SaleTotals(saleId, pendingOrders, confirmedOrders, cancelledOrders, pendingUnits, confirmedUnits,
          cancelledUnits, revenue);
    }
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
      writer.writeArrayOfCompact("bySale", sum.bySale.values().stream().map(Running::totals).toArray(SaleTotals[]::new));
    }
  }
}
