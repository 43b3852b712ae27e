package com.flashsale.web.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.member.Periodic;
import com.flashsale.node.service.Reconciler;
import com.flashsale.web.http.Json;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconciliations on demand and on a schedule, and keeps the last report in the grid so that every
 * member answers {@code GET /api/admin/reconciliation} alike. The schedule runs on the oldest member only:
 * when it leaves, the next oldest takes over at its next tick. Scheduled runs are incremental (what changed
 * since the last one) and every {@value #FULL_EVERY}th is full; a run on demand is always full.
 */
public final class Reconciliations implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciliations.class);
  private static final String LAST_REPORT = "last";
  static final int FULL_EVERY = 10;

  private final Reconciler reconciler;
  private final HazelcastInstance grid;
  private Periodic schedule;
  private int scheduledRuns;

  public Reconciliations(Reconciler reconciler, HazelcastInstance grid) {
    this.reconciler = reconciler;
    this.grid = grid;
  }

  /** Runs one full reconciliation now and returns its report as JSON. */
  public String runNow() {
    return run(Reconciler.Scope.FULL);
  }

  private String run(Reconciler.Scope scope) {
    try {
      String report = Json.MAPPER.writeValueAsString(reconciler.run(scope));
      reports().set(LAST_REPORT, report);
      return report;
    } catch (JsonProcessingException unwritable) {
      throw new UncheckedIOException(unwritable);
    }
  }

  public Optional<String> last() {
    return Optional.ofNullable(reports().get(LAST_REPORT));
  }

  /** From now on, every {@code interval} on whichever member is the oldest. */
  public Reconciliations every(Duration interval) {
    schedule = Periodic.every(interval, "reconciliation", this::runIfOldest, LOG);
    return this;
  }

  private void runIfOldest() {
    if (grid.getCluster().getMembers().iterator().next().localMember()) {
      run(scheduledRuns++ % FULL_EVERY == 0 ? Reconciler.Scope.FULL : Reconciler.Scope.INCREMENTAL);
    }
  }

  private IMap<String, String> reports() {
    return grid.getMap(MapNames.RECONCILIATION);
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.close();
    }
  }
}
