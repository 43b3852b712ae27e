package com.flashsale.node.jet;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.processors.InSales;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.pipeline.SourceBuilder;
import com.hazelcast.jet.pipeline.StreamSource;
import com.hazelcast.logging.ILogger;
import com.hazelcast.map.IMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The statistics job's clock and its source of totals: once a second, one {@link SaleTick} per live sale with
 * its figures summed from its products' ledgers where they live ({@link SumSaleTotals}: a few numbers per
 * product, kept by each ledger as its orders move, so O(products) per sale and second whatever the number of
 * orders; each member sends back one small total per sale): from each member's latest ledgers
 * ({@link MemberSums}), or, in the seconds after the cluster changed, in one scan per partition of the ledgers of
 * the sales due ({@link InSales}). A sale is live from its creation until a minute after its last unpaid order can
 * have expired; the others are read once a minute (reconciliation may still move them) and once when the job
 * starts, which is how the figures come back after a restart of the whole cluster: from the ledgers, exact, with
 * no journal to replay. The sales themselves are read through the member's near cache: no sale (with its list of
 * products) is deserialized each second.
 *
 * <p>One instance runs in the cluster (a non-distributed, non-cooperative source, so its blocking reads are
 * allowed); it keeps no state worth a snapshot, since a lost or repeated tick only publishes figures a second
 * later or once more. A read that fails (a member leaving, the cluster without its majority) skips that second.
 */
final class SaleTicker {

  private static final long EVERY_MILLIS = 1_000;
  private static final long QUIET_EVERY_MILLIS = 60_000;
  private static final long LIVE_AFTER_MILLIS = 60_000;

  private final HazelcastInstance member;
  private final ILogger logger;
  private final Map<String, Long> lastReadAt = new HashMap<>();
  /** The sales there when this ticker first listed them: their orders are no news. Null until then. */
  private Set<String> atStart;
  private long lastTick;

  private SaleTicker(HazelcastInstance member, ILogger logger) {
    this.member = member;
    this.logger = logger;
  }

  static StreamSource<SaleInput> source() {
    return SourceBuilder.stream("sale ticks", context -> new SaleTicker(context.hazelcastInstance(), context.logger()))
        .<SaleInput>fillBufferFn(SaleTicker::fill)
        .build();
  }

  private void fill(SourceBuilder.SourceBuffer<SaleInput> buffer) {
    long now = System.currentTimeMillis();
    if (now - lastTick < EVERY_MILLIS) {
      return;
    }
    lastTick = now;
    Map<String, SaleTotals> figures;
    Set<String> due = new HashSet<>();
    try {
      IMap<String, Sale> sales = member.getMap(MapNames.SALES);
      Set<String> saleIds = sales.keySet();
      if (atStart == null) {
        atStart = Set.copyOf(saleIds);
      }
      for (String saleId : saleIds) {
        Sale sale = sales.get(saleId);
        if (sale != null && (isLive(sale, now)
            || now - lastReadAt.getOrDefault(saleId, Long.MIN_VALUE / 2) >= QUIET_EVERY_MILLIS)) {
          due.add(saleId);
        }
      }
      if (due.isEmpty()) {
        return;
      }
      figures = MemberSums.collect(member, due).orElseGet(() ->
          member.<ProductKey, Ledger>getMap(MapNames.LEDGERS).aggregate(new SumSaleTotals(), new InSales(due)));
    } catch (RuntimeException unreadable) {
      logger.fine("no ticks this second: " + unreadable);
      return;
    }
    long at = member.getCluster().getClusterTime();
    for (String saleId : due) {
      SaleTotals totals = figures.getOrDefault(saleId, SaleTotals.none(saleId));
      buffer.add(new SaleTick(saleId, at, totals, !atStart.contains(saleId) && !lastReadAt.containsKey(saleId)));
      lastReadAt.put(saleId, now);
    }
  }

  /** Until a minute after the last moment an unpaid order of the sale can expire. */
  private static boolean isLive(Sale sale, long now) {
    long lastExpiry = sale.closesAt().toEpochMilli() + sale.paymentWindowSeconds() * 1_000L;
    return now < lastExpiry + LIVE_AFTER_MILLIS;
  }
}
