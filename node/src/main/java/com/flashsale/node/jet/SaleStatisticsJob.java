package com.flashsale.node.jet;

import com.flashsale.node.member.MapNames;
import com.hazelcast.core.EntryEventType;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.pipeline.JournalInitialPosition;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.Sources;
import com.hazelcast.jet.pipeline.StreamStage;
import com.hazelcast.map.EventJournalMapEvent;

/**
 * The streaming job behind {@code GET /api/admin/sales/{saleId}/stats} and the dashboard. Two sources, merged and
 * grouped by sale into a {@link SaleTally}:
 * <ul>
 *   <li>the sales' totals: once a second each live sale's ledgers are summed where they live, from their own
 *       counts of orders and units by status and confirmed revenue ({@link SaleTicker}): exact, O(products) per
 *       sale, back at once after a restart of the whole cluster with nothing to replay; the growth of the order
 *       count from one second to the next is the orders-per-second series, so no order makes an event;
 *   <li>the {@code placement-events} journal: rejections, last units taken, waiting rooms' steps.
 * </ul>
 * A tally writes the sale's {@link SaleStats} to the {@code sale-stats} map at most about once a second.
 *
 * <p>Processing guarantee: EXACTLY_ONCE. Rejections and rooms are counted from events, so an event applied twice
 * would count twice: with AT_LEAST_ONCE, a member loss would replay the events since the last snapshot onto
 * state that already holds some of them. With EXACTLY_ONCE the tallies and the journal offsets are snapshotted
 * together every {@value #SNAPSHOT_INTERVAL_MILLIS} ms, and after a member loss the job restarts from that
 * snapshot and re-reads the journals (backed up, so still there) from those offsets. The sink needs no such
 * care: it overwrites a sale's whole figures. The open-source edition keeps snapshots only in memory: after a
 * restart of the whole cluster the totals come back from the ledgers, and rejections and rooms count again
 * from the restart.
 */
public final class SaleStatisticsJob {

  /** Bounds what a restart replays (a couple of seconds of events) at the cost of one small snapshot per interval. */
  static final long SNAPSHOT_INTERVAL_MILLIS = 2_000;

  private SaleStatisticsJob() {}

  /**
   * Submits the job unless the cluster already runs it: every member calls this at start, and
   * {@code newJobIfAbsent} with the fixed name makes one job of all those calls.
   */
  public static Job submitIfAbsent(HazelcastInstance member) {
    return member.getJet().newJobIfAbsent(pipeline(), config());
  }

  static JobConfig config() {
    return new JobConfig()
        .setName(MapNames.SALE_STATISTICS_JOB)
        .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
        .setSnapshotIntervalMillis(SNAPSHOT_INTERVAL_MILLIS);
  }

  static Pipeline pipeline() {
    Pipeline pipeline = Pipeline.create();
    // Rates are bucketed by the instants the inputs carry, not by Jet's event time: windows would drop late
    // events, and a count must never drop one.
    StreamStage<SaleInput> placementEvents = pipeline
        .readFrom(Sources.<SaleInput, Long, SaleInput>mapJournal(MapNames.PLACEMENT_EVENTS,
            JournalInitialPosition.START_FROM_OLDEST, EventJournalMapEvent::getNewValue,
            // A slot's first event adds its entry, every later one updates it (PlacementEvents); expiries are not news.
            event -> event.getType() == EntryEventType.ADDED || event.getType() == EntryEventType.UPDATED))
        .withoutTimestamps()
        .setName("placement events");
    StreamStage<SaleInput> ticks = pipeline.readFrom(SaleTicker.source()).withoutTimestamps()
        .setName("a tick per live sale, with its ledgers' totals");
    placementEvents.merge(ticks)
        .groupingKey(SaleInput::saleId)
        .mapStateful(SaleTally::new, (tally, saleId, input) -> tally.accept(saleId, input, System.currentTimeMillis()))
        .setName("tally per sale")
        .writeTo(Sinks.map(MapNames.SALE_STATS, SaleStats::saleId, stats -> stats));
    return pipeline;
  }
}
