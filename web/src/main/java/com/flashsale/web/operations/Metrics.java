package com.flashsale.web.operations;

import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.member.MigrationTracker;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.ratelimit.TokenBuckets;
import com.flashsale.node.service.WriteBehindLag;
import com.flashsale.node.domain.Placement;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.LocalMapStats;
import io.javalin.http.Context;
import com.flashsale.mapstore.Persistence;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.HazelcastCacheMetrics;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.eclipse.jetty.server.Server;

/**
 * The member's figures for Prometheus ({@code GET /metrics}): HTTP calls by {@code uri} (the route), method,
 * status and outcome, order outcomes by code, this member's share of every map (entries, operations,
 * write-behind backlog, and Micrometer's cache figures for IMaps), cluster size, repairs, the JVM, Jetty's
 * threads and connections, the PostgreSQL pool and the member's executors. Running totals are counters
 * ({@code _total}), levels are gauges. Grid figures are read when scraped, never on the hot path.
 */
public final class Metrics {

  private static final String STARTED_AT = "metrics.startedAt";
  private static final List<String> MAPS =
      List.of(MapNames.SALES, MapNames.LEDGERS, MapNames.IDEMPOTENCY);
  /** A map a crowd writes by the thousand each second, a fixed set of keys overwritten: only its size is shown. */
  private static final String EVENTS_MAP = MapNames.PLACEMENT_EVENTS;

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** What {@link #counter} counts, held here because Micrometer only holds it weakly. */
  private final Map<RequestSeries, Timer> requestTimers = new ConcurrentHashMap<>();
  private final Map<Placement.Outcome, Counter> placements = new ConcurrentHashMap<>();
  private final List<Object> countedFigures = new java.util.concurrent.CopyOnWriteArrayList<>();

  public Metrics(FlashSaleNode node) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    HazelcastInstance grid = node.instance();
    for (String map : MAPS) {
      sizeGauges(grid, map);
      mapGauge(grid, map, "flashsale.map.writebehind.queued", "Changes waiting to be written to PostgreSQL",
          LocalMapStats::getDirtyEntryCount);
        // A running total since the member started: a counter, so that rate() works and a restart reads as one.
      FunctionCounter.builder("flashsale.map.operations", grid, instance -> {
            LocalMapStats stats = instance.getMap(map).getLocalMapStats();
            return stats.getOtherOperationCount() + stats.getGetOperationCount() + stats.getPutOperationCount()
                + stats.getSetOperationCount();
          })
          .tag("map", map).description("Entry processor runs, gets and puts served by this member").register(registry);
      HazelcastCacheMetrics.monitor(registry, grid.getMap(map));
    }
    sizeGauges(grid, EVENTS_MAP);
    // Each bucket lives seconds: the count follows the load and falls back within seconds of its end.
    Gauge.builder("flashsale.rate.buckets", TokenBuckets.of(grid), TokenBuckets::size)
        .description("Rate-limit buckets this member holds: callers of the last seconds whose bucket is not full")
        .register(registry);
    Gauge.builder("flashsale.cluster.members", grid, instance -> instance.getCluster().getMembers().size())
        .description("Members this member sees in the cluster").register(registry);
    Gauge.builder("flashsale.cluster.safe", grid, instance -> instance.getPartitionService().isClusterSafe() ? 1 : 0)
        .description("1 when every partition has its backups in place").register(registry);
    MigrationTracker migrations = node.migrations();
    Gauge.builder("flashsale.migrations.in.progress", migrations, tracker -> tracker.snapshot().inProgress() ? 1 : 0)
        .description("1 while a partition migration process is running").register(registry);
    FunctionCounter.builder("flashsale.migrations.processes.completed", migrations, tracker -> tracker.snapshot().processesCompleted())
        .description("Migration processes finished since this member started").register(registry);
    FunctionCounter.builder("flashsale.migrations.replicas.completed", migrations, tracker -> tracker.snapshot().replicasCompleted())
        .description("Partition replicas moved since this member started").register(registry);
    FunctionCounter.builder("flashsale.migrations.replicas.failed", migrations, tracker -> tracker.snapshot().replicasFailed())
        .description("Partition replica moves that failed since this member started").register(registry);
    FunctionCounter.builder("flashsale.repairs.reconciliation", node.reconciler(), reconciler -> reconciler.repairsTotal())
        .description("Repairs made by reconciliations run on this member").register(registry);
    Persistence persistence = Persistence.of(grid);
    Gauge.builder("flashsale.writebehind.backlog", persistence, Persistence::writeBehindBacklogTotal)
        .description("Changes this member owns not yet in PostgreSQL").strongReference(true).register(registry);
    Gauge.builder("flashsale.writebehind.lag.seconds", WriteBehindLag.of(grid), lag -> lag.lag().toMillis() / 1000.0)
        .description("How old the oldest change in write-behind's latest write of the ledgers was (0 when it wrote"
            + " nothing lately); placements pause while it exceeds the write delay by over 2 s")
        .strongReference(true).register(registry);
    new ExecutorServiceMetrics(ForkJoinPool.commonPool(), "common-pool", List.of()).bindTo(registry);
    bindConnectionPool(persistence);
  }

  /**
   * HikariCP's own figures (connections active, idle, pending, acquire time) for the pool the member's map
   * stores opened; a member whose stores have not opened it (grid tests without PostgreSQL) has none. Hikari
   * takes one tracker per pool, so with several APIs on one member (tests) the first one's registry has them.
   */
  private void bindConnectionPool(Persistence persistence) {
    persistence.dataSource()
        .filter(HikariDataSource.class::isInstance)
        .map(HikariDataSource.class::cast)
        .filter(pool -> pool.getMetricsTrackerFactory() == null)
        .ifPresent(pool -> pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry)));
  }

  /**
   * Jetty's thread pool and connections; called with the server once it has started, when its connectors
   * (Javalin's and the TLS one) exist.
   */
  public void bindJetty(Server server) {
    new JettyServerThreadPoolMetrics(server.getThreadPool(), List.of()).bindTo(registry);
    JettyConnectionMetrics.addToAllConnectors(server, registry);
  }

  /** The entries this member owns and the backup entries it holds of {@code map}. */
  private void sizeGauges(HazelcastInstance grid, String map) {
    mapGauge(grid, map, "flashsale.map.entries", "Entries this member owns", LocalMapStats::getOwnedEntryCount);
    mapGauge(grid, map, "flashsale.map.backup.entries", "Backup entries this member holds",
        LocalMapStats::getBackupEntryCount);
  }

  private void mapGauge(HazelcastInstance grid, String map, String name, String description,
      ToDoubleFunction<LocalMapStats> figure) {
    Gauge.builder(name, grid, instance -> figure.applyAsDouble(instance.getMap(map).getLocalMapStats()))
        .tag("map", map).description(description).register(registry);
  }

  /** Marks the start of a call; {@link #requestFinished} records it by route, so ids never become tags. */
  public void requestStarted(Context ctx) {
    ctx.attribute(STARTED_AT, System.nanoTime());
  }

  public void requestFinished(Context ctx) {
    Long startedAt = ctx.attribute(STARTED_AT);
    if (startedAt == null) {
      return;
    }
    // The HTTP endpoint the request matched, not ctx.endpoint(): in an after-handler that is the "*" handler.
    io.javalin.router.Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
    int status = ctx.statusCode();
    // Micrometer's convention for http.server.requests: the route template as "uri" (never the path, whose ids
    // would make a series per order), NOT_FOUND or UNKNOWN when no route matched, and the outcome class.
    String uri = matched != null ? matched.path : status == 404 ? "NOT_FOUND" : "UNKNOWN";
    requestTimers.computeIfAbsent(new RequestSeries(ctx.method().name(), uri, status), this::requestTimer)
        .record(System.nanoTime() - startedAt, TimeUnit.NANOSECONDS);
  }

  /** One series of http.server.requests; the registry would find its timer too, but builds an id to look it up. */
  private record RequestSeries(String method, String uri, int status) {}

  private Timer requestTimer(RequestSeries series) {
    return Timer.builder("http.server.requests")
        .tag("method", series.method())
        .tag("uri", series.uri())
        .tag("status", String.valueOf(series.status()))
        .tag("outcome", Outcome.forStatus(series.status()).name())
        .publishPercentileHistogram()
        .register(registry);
  }

  public void placement(Placement.Outcome outcome) {
    placements.computeIfAbsent(outcome, counted -> Counter.builder("flashsale.orders.placements")
        .tag("outcome", counted.name())
        .description("Order placements by outcome (CREATED, REPLAYED or the error code)")
        .register(registry)).increment();
  }

  /** A running total read when scraped ({@code name_total} in Prometheus), for parts of the member the edge does not own. */
  public void counter(String name, String description, java.util.function.Supplier<Number> total) {
    // Micrometer holds the counted object weakly (see gauge()) and a function counter has no strong option.
    countedFigures.add(total);
    FunctionCounter.builder(name, total, supplier -> supplier.get().doubleValue()).description(description)
        .register(registry);
  }

  /** A figure read when scraped, for parts of the member the edge does not own (the re-persist pass). */
  public void gauge(String name, String description, java.util.function.Supplier<Number> figure) {
    // A strong reference: Micrometer holds a gauge's object weakly, and a method reference handed in here is
    // referenced by nothing else, so the figure would be collected and scraped as NaN.
    Gauge.builder(name, figure, supplier -> supplier.get().doubleValue()).description(description)
        .strongReference(true).register(registry);
  }

  public String scrape() {
    return registry.scrape();
  }
}
