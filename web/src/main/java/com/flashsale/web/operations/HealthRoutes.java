package com.flashsale.web.operations;

import com.hazelcast.core.HazelcastInstance;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Liveness (the process answers) and readiness (this member has joined, its services started, and every
 * extra check — PostgreSQL once persistence is wired — answers). A load balancer sends shoppers only to
 * ready members.
 */
public final class HealthRoutes {

  private final HazelcastInstance grid;
  private final Map<String, BooleanSupplier> checks;

  public HealthRoutes(HazelcastInstance grid, Map<String, BooleanSupplier> checks) {
    this.grid = grid;
    this.checks = checks;
  }

  public void register(RoutesConfig routes) {
    routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
    routes.get("/health/ready", this::ready);
  }

  private void ready(Context ctx) {
    Map<String, Object> report = new LinkedHashMap<>();
    // Not partition safety: migrations after a join would take every member out of the balancer at once.
    boolean member = grid.getLifecycleService().isRunning() && grid.getCluster().getLocalMember() != null;
    report.put("member", member ? "UP" : "DOWN");
    boolean ready = member;
    for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
      boolean up = safely(check.getValue());
      report.put(check.getKey(), up ? "UP" : "DOWN");
      ready &= up;
    }
    report.put("status", ready ? "UP" : "DOWN");
    if (!ready) {
      ctx.header("Retry-After", "1");
    }
    ctx.status(ready ? 200 : 503).json(report);
  }

  private static boolean safely(BooleanSupplier check) {
    try {
      return check.getAsBoolean();
    } catch (RuntimeException failed) {
      return false;
    }
  }
}
