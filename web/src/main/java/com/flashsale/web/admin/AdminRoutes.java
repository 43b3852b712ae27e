package com.flashsale.web.admin;

import com.flashsale.node.domain.Sale;
import com.flashsale.node.member.MigrationTracker;
import com.flashsale.node.service.Grid;
import com.flashsale.node.service.SaleService;
import com.flashsale.web.http.ApiError;
import com.flashsale.web.http.ErrorCode;
import com.flashsale.web.http.Json;
import com.flashsale.web.http.JsonObject;
import com.flashsale.web.http.PathParams;
import com.flashsale.web.http.Views;
import com.flashsale.node.service.Reconciler;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The operator API: bearer-token protected (401 otherwise), bodies up to 16 MiB. */
public final class AdminRoutes {


  private final SaleService sales;
  private final Reconciler reconciler;
  private final SaleStatistics statistics;
  private final HazelcastInstance grid;
  private final MigrationTracker migrations;
  private final AdminToken token;
  private final Clock clock;

  public AdminRoutes(SaleService sales, Reconciler reconciler, HazelcastInstance grid,
      MigrationTracker migrations, AdminToken token, Clock clock) {
    this.sales = sales;
    this.reconciler = reconciler;
    this.statistics = new SaleStatistics(Grid.of(grid), sales, clock);
    this.grid = grid;
    this.migrations = migrations;
    this.token = token;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.before("/api/admin/*", this::authorize);
    routes.post("/api/admin/sales", this::createSale);
    routes.post("/api/admin/sales/{saleId}/end", this::endSale);
    routes.get("/api/admin/sales/{saleId}/stats", this::stats);
    routes.get("/api/admin/cluster", this::cluster);
    routes.get("/api/admin/jobs", this::jobs);
    routes.post("/api/admin/reconciliation", this::reconcile);
    routes.get("/api/admin/reconciliation", this::lastReconciliation);
  }

  /** Runs a full reconciliation now; its report is kept in the grid so every member can show the last one. */
  private void reconcile(Context ctx) {
    ctx.json(reconciler.run(Reconciler.Scope.FULL));
  }

  private void lastReconciliation(Context ctx) {
    reconciler.lastReport().ifPresentOrElse(ctx::json,
        () -> ctx.json(Map.of("status", "NEVER_RUN", "message", "No reconciliation has run yet; POST to run one.")));
  }

  private void authorize(Context ctx) {
    if (!token.admits(ctx.header("Authorization"))) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw ApiError.of(ErrorCode.UNAUTHORIZED, "Operator calls need the header Authorization: Bearer <admin token>.");
    }
  }

  /**
   * 201 when this call made the sale complete (a repeat of a create cut short completes it), 200 with the sale
   * when the same sale was already complete, 409 SALE_EXISTS when another sale has the id.
   */
  private void createSale(Context ctx) {
    JsonObject body = Json.parseObject(ctx.bodyAsBytes());
    Sale sale = SaleRequests.parse(body).withChallenge(SaleRequests.requiresChallenge(body));
    switch (sales.create(sale)) {
      case CREATED -> ctx.status(201);
      case ALREADY_EXISTS -> ctx.status(200);
      case CONFLICTS -> throw ApiError.of(ErrorCode.SALE_EXISTS,
          "Another sale with id " + sale.saleId() + " already exists.");
    }
    Sale created = sales.find(sale.saleId()).orElse(sale);
    ctx.json(Views.SaleView.of(created, sales.stockOf(created), clock.instant()));
  }

  private void endSale(Context ctx) {
    Sale ended = sales.end(PathParams.id(ctx, "saleId"))
        .orElseThrow(() -> ApiError.of(ErrorCode.SALE_NOT_FOUND, "There is no such sale."));
    ctx.json(Views.SaleView.of(ended, sales.stockOf(ended), clock.instant()));
  }

  private void stats(Context ctx) {
    Sale sale = sales.find(PathParams.id(ctx, "saleId"))
        .orElseThrow(() -> ApiError.of(ErrorCode.SALE_NOT_FOUND, "There is no such sale."));
    ctx.json(statistics.of(sale));
  }

  /** The contract's bound on {@code GET /api/admin/jobs}. */
  private static final int JOBS_LISTED = 100;

  private void cluster(Context ctx) {
    List<Map<String, Object>> members = grid.getCluster().getMembers().stream().map(AdminRoutes::member).toList();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("clusterName", grid.getConfig().getClusterName());
    view.put("members", members);
    view.put("partitionCount", grid.getPartitionService().getPartitions().size());
    view.put("clusterSafe", grid.getPartitionService().isClusterSafe());
    view.put("localMemberSafe", grid.getPartitionService().isLocalMemberSafe());
    view.put("migrations", migrations(migrations.snapshot()));
    ctx.json(view);
  }

  /**
   * The cluster's Jet jobs, newest first, at most {@value #JOBS_LISTED}: the streaming statistics job and every
   * reconciliation's batch job. A job whose status cannot be read any more (it finished and was cleaned up
   * between the listing and the read) is left out.
   */
  private void jobs(Context ctx) {
    record Listed(long submittedAt, Map<String, Object> view) {}
    List<Listed> jobs = new java.util.ArrayList<>();
    for (Job job : grid.getJet().getJobs()) {
      try {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.getIdString());
        view.put("name", job.getName());
        view.put("status", job.getStatus().name());
        view.put("submittedAt", Instant.ofEpochMilli(job.getSubmissionTime()).toString());
        jobs.add(new Listed(job.getSubmissionTime(), view));
      } catch (RuntimeException gone) {
        // Listed, then cleaned up before its status could be read: it is no job of the cluster any more.
      }
    }
    ctx.json(jobs.stream().sorted(java.util.Comparator.comparingLong(Listed::submittedAt).reversed())
        .limit(JOBS_LISTED).map(Listed::view).toList());
  }

  /**
   * The answering member's count since it started (see {@link MigrationTracker}), not a cluster-wide total.
   * {@code lastCompletedAt} is left out until a process has finished, as every absent field is.
   */
  private static Map<String, Object> migrations(MigrationTracker.Migrations counted) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("inProgress", counted.inProgress());
    view.put("processesCompleted", counted.processesCompleted());
    view.put("replicasCompleted", counted.replicasCompleted());
    view.put("replicasFailed", counted.replicasFailed());
    view.put("lastCompletedAt", counted.lastCompletedAt() == null ? null : counted.lastCompletedAt().toString());
    return view;
  }

  /** A member as {@code GET /api/admin/cluster} and the statistics stream show it. */
  static Map<String, Object> member(Member member) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("address", member.getAddress().getHost() + ":" + member.getAddress().getPort());
    view.put("uuid", member.getUuid().toString());
    view.put("local", member.localMember());
    return view;
  }
}
