package com.flashsale.web.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.flashsale.mapstore.PersistenceReconciliation;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.member.Periodic;
import com.flashsale.node.service.Reconciler;
import com.flashsale.node.service.ReconciliationCheck;
import com.flashsale.web.http.Json;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconciliations on demand and on a schedule, and keeps the last report in the grid so that every
 * member answers {@code GET /api/admin/reconciliation} alike. The schedule runs on the oldest member only:
 * when it leaves, the next oldest takes over at its next tick. Besides the grid's own checks, every run
 * checks that PostgreSQL holds each product's stock row, and with it its orders, at the grid's version (the
 * node module cannot reach PostgreSQL, so the check is plugged in here, where both are on the classpath).
 */
public final class Reconciliations implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciliations.class);
  private static final String LAST_REPORT = "last";

  private final Reconciler reconciler;
  private final List<ReconciliationCheck> persistenceChecks;
  private final HazelcastInstance grid;
  private Periodic schedule;

  public Reconciliations(Reconciler reconciler, HazelcastInstance grid) {
    this.reconciler = reconciler;
    this.persistenceChecks = List.of(PersistenceReconciliation.on(grid));
    this.grid = grid;
  }

  /** Runs one reconciliation now and returns its report as JSON. */
  public String runNow() {
    try {
      String report = Json.MAPPER.writeValueAsString(reconciler.run(persistenceChecks));
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
      runNow();
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
