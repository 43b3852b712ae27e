package com.flashsale.node.service;

import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.jet.ReconciliationPipeline;
import com.flashsale.node.jet.ReconciliationPipeline.Difference;
import com.flashsale.node.jet.ReconciliationPipeline.Run;
import com.flashsale.node.jet.ReconciliationPipeline.StoredVersion;
import com.flashsale.node.jet.ReconciliationPipeline.Tally;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.member.Periodic;
import com.hazelcast.collection.IList;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.pipeline.BatchSource;
import com.hazelcast.map.IMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a reconciliation: one Jet batch job ({@link ReconciliationPipeline}, named {@code reconciliation-…})
 * finds the ledgers whose PostgreSQL rows are behind them; {@link StoredLedgers#settle} then waits for
 * write-behind and rewrites what is still behind, version-guarded, so a run racing a placement can never set a
 * row back. A ledger cannot disagree with itself (its figures are derived from its orders by every change), and
 * it is the grid's only copy of its orders, so there is no other copy in the grid to compare it with.
 *
 * <p>Incremental runs look only at orders changed since the previous run judged them; a full run looks at
 * everything. A run that could not check PostgreSQL does not move the mark, so the next one checks those rows.
 */
public final class Reconciler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private static final String PERSISTENCE_NOT_CHECKED = "PERSISTENCE_NOT_CHECKED";
  private static final String LAST_REPORT = "last";
  /** Of the scheduled runs, every this many is full; the others are incremental. */
  static final int FULL_EVERY = 10;

  /** Which ledgers a run looks at. */
  public enum Scope { FULL, INCREMENTAL }

  private final Grid grid;
  private final Clock clock;
  private final Duration inFlightGrace;
  private final int pace;
  private final AtomicLong repairsTotal = new AtomicLong();
  /** Orders updated before this (epoch ms) were judged by an earlier run of this member; MIN_VALUE: none was. */
  private volatile long judgedBefore = Long.MIN_VALUE;
  private Periodic schedule;
  private int scheduledRuns;

  /**
   * @param inFlightGrace how long a change may still be on its way (write-behind): a later run judges younger ones
   * @param pace orders a second a run reads in its pass over the changed ledgers ({@code Timings#reconciliationPace})
   */
  public Reconciler(Grid grid, Clock clock, Duration inFlightGrace, int pace) {
    this.grid = grid;
    this.clock = clock;
    this.inFlightGrace = inFlightGrace;
    this.pace = pace;
  }

  /** Every repair since start, for metrics. */
  public long repairsTotal() {
    return repairsTotal.get();
  }

  /** A full run. */
  public ReconciliationReport run() {
    return run(Scope.FULL);
  }

  /**
   * From now on, every {@code interval} on whichever member is the oldest (when it leaves, the next oldest takes
   * over at its next tick): incremental runs, every {@value #FULL_EVERY}th full.
   */
  public Reconciler every(Duration interval) {
    // The first scheduled runs look at what changed since this member started, the first full one comes
    // FULL_EVERY runs later: a full run over a million orders a minute after a restart would take the cores from
    // the crowd that the first ready let in, and a restart from PostgreSQL has nothing to find (both sides load
    // from the same rows). What changed before the start was judged by the previous oldest member, or is by the
    // next full run.
    judgedBefore = grid.instance().getCluster().getClusterTime() - inFlightGrace.toMillis();
    scheduledRuns = 1;
    schedule = Periodic.every(interval, "reconciliation", this::runIfOldest, LOG);
    return this;
  }

  private void runIfOldest() {
    if (grid.instance().getCluster().getMembers().iterator().next().localMember()) {
      run(scheduledRuns++ % FULL_EVERY == 0 ? Scope.FULL : Scope.INCREMENTAL);
    }
  }

  /** The report of the cluster's last run, whichever member ran it. */
  public Optional<ReconciliationReport> lastReport() {
    return Optional.ofNullable(reports().get(LAST_REPORT));
  }

  private IMap<String, ReconciliationReport> reports() {
    return grid.instance().getMap(MapNames.RECONCILIATION);
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.close();
    }
  }

  /** One run; one at a time per member, so that incremental runs hand their mark on in order. */
  public synchronized ReconciliationReport run(Scope scope) {
    Instant startedAt = clock.instant();
    long settledBefore = startedAt.minus(inFlightGrace).toEpochMilli();
    long since = scope == Scope.FULL ? Long.MIN_VALUE : judgedBefore;
    List<ReconciliationReport.Finding> findings = new ArrayList<>();
    Optional<StoredLedgers> stored = StoredLedgers.of(grid.instance());
    BatchSource<StoredVersion> storedVersions = stored.isPresent() ? storedVersions(stored.get(), findings) : null;

    Found found;
    try {
      found = find(scope, since, storedVersions);
    } catch (RuntimeException failed) {
      if (storedVersions == null) {
        throw failed;
      }
      // PostgreSQL failed under the job (an outage that began after the check): the grid is still checked.
      LOG.warn("Reconciliation could not read PostgreSQL; checking the grid only", failed);
      findings.add(unchecked("PERSISTENCE_UNREACHABLE", String.valueOf(failed.getMessage())));
      storedVersions = null;
      found = find(scope, since, null);
    }
    if (storedVersions != null) {
      findings.addAll(stored.get().settle(grid.instance(), rowsBehind(found.differences())));
    }
    if (stored.isEmpty() || storedVersions != null) {
      // Orders carry cluster time; the mark never runs ahead of it, whatever this member's clock says.
      long clusterSettled = grid.instance().getCluster().getClusterTime() - inFlightGrace.toMillis();
      judgedBefore = Math.max(judgedBefore, Math.min(settledBefore, clusterSettled));
    }
    int repairs = (int) findings.stream().filter(ReconciliationReport.Finding::repaired).count();
    repairsTotal.addAndGet(repairs);
    Tally tally = found.tally();
    ReconciliationReport report = new ReconciliationReport(startedAt, clock.instant(), tally.sales(),
        tally.products(), (int) tally.orders(), List.copyOf(findings), repairs, findings.size() - repairs);
    reports().set(LAST_REPORT, report);
    return report;
  }

  private BatchSource<StoredVersion> storedVersions(StoredLedgers stored, List<ReconciliationReport.Finding> findings) {
    Optional<String> unreachable = stored.unreachable(grid.instance());
    if (unreachable.isPresent()) {
      findings.add(unchecked(PERSISTENCE_NOT_CHECKED, unreachable.get()));
      return null;
    }
    return stored.versions();
  }

  private record Found(List<Difference> differences, Tally tally) {}

  /** Runs the job and collects what it wrote; its two result lists live only as long as the run. */
  private Found find(Scope scope, long since, BatchSource<StoredVersion> stored) {
    String name = "reconciliation-" + scope.name().toLowerCase(Locale.ROOT) + "-" + grid.orderIds().newId();
    Run run = new Run(since, name + "-differences", name + "-tally", pace);
    IList<Difference> differences = grid.instance().getList(run.differences());
    IList<Tally> tally = grid.instance().getList(run.tally());
    try {
      Job job = grid.instance().getJet().newJob(ReconciliationPipeline.build(run, stored), new JobConfig().setName(name));
      job.join();
      return new Found(List.copyOf(differences), tally.isEmpty() ? Tally.NOTHING : tally.get(0));
    } finally {
      differences.destroy();
      tally.destroy();
    }
  }

  private static Map<ProductKey, Long> rowsBehind(List<Difference> differences) {
    Map<ProductKey, Long> behind = new LinkedHashMap<>();
    differences.stream()
        .filter(difference -> difference.kind().equals(ReconciliationPipeline.STOCK_ROW_BEHIND))
        .forEach(difference -> behind.put(difference.productKey(), difference.gridVersion()));
    return behind;
  }

  private static ReconciliationReport.Finding unchecked(String kind, String detail) {
    ReconciliationReport.Finding finding = new ReconciliationReport.Finding(kind, null, null, null, null, detail, false);
    LOG.warn("Reconciliation could not check PostgreSQL: {}", finding);
    return finding;
  }
}
