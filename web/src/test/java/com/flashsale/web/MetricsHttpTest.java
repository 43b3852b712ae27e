package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 4, "a test reads /metrics": after a short, known load (orders created, rejected as sold out and over
 * the limit, an unknown order read), the Prometheus figures an operator alerts on are there with values that
 * match that load: HTTP calls per route ({@code uri}), status and outcome, placements by outcome, map sizes and
 * write-behind queues, the cluster size, the JVM's memory, and the binders for the pool, Jetty, the executors
 * and the IMaps. Running totals are counters.
 */
@ExtendWith(LiveServer.class)
class MetricsHttpTest {

  private static final String PLACE_ROUTE = "/api/sales/{saleId}/orders";
  private static Api api;

  @BeforeAll
  static void connect(Api server) {
    api = server;
  }

  @Test
  void after_a_short_load_the_metrics_show_its_calls_outcomes_maps_cluster_and_jvm() {
    String before = scrape();
    String saleId = api.create(TestSale.active().product("tee", "19.99", 3).perUserLimit(1));
    for (int user = 0; user < 3; user++) {
      api.placed(saleId, "metrics-user-" + user, "tee", 1);
    }
    api.place(saleId, "metrics-user-0", "tee", 1).expectError(409, "LIMIT_EXCEEDED");
    api.place(saleId, "metrics-user-9", "tee", 1).expectError(409, "SOLD_OUT");
    api.place(saleId, "metrics-user-9", "tee", 1).expectError(409, "SOLD_OUT");
    api.get("/api/orders/1-0").expectError(404, "ORDER_NOT_FOUND");

    String after = scrape();

    assertThat(delta(before, after, "http_server_requests_seconds_count",
        "method", "POST", "uri", PLACE_ROUTE, "status", "201")).isEqualTo(3);
    assertThat(delta(before, after, "http_server_requests_seconds_count",
        "method", "POST", "uri", PLACE_ROUTE, "status", "409")).isEqualTo(3);
    assertThat(delta(before, after, "http_server_requests_seconds_count",
        "method", "GET", "uri", "/api/orders/{orderId}", "status", "404")).isEqualTo(1);
    assertThat(value(after, "http_server_requests_seconds_sum", "uri", PLACE_ROUTE, "status", "201"))
        .as("time spent placing orders, in seconds").isFinite().isPositive().isLessThan(60);
    assertThat(delta(before, after, "flashsale_orders_placements_total", "outcome", "CREATED")).isEqualTo(3);
    assertThat(delta(before, after, "flashsale_orders_placements_total", "outcome", "SOLD_OUT")).isEqualTo(2);
    assertThat(delta(before, after, "flashsale_orders_placements_total", "outcome", "LIMIT_EXCEEDED")).isEqualTo(1);

    assertThat(value(after, "flashsale_map_entries", "map", "ledgers")).isFinite().isGreaterThanOrEqualTo(1);
    assertThat(value(after, "flashsale_map_entries", "map", "sales")).isFinite().isGreaterThanOrEqualTo(1);
    // This server runs without a per-user rate, so no bucket is asserted.
    assertThat(value(after, "flashsale_rate_buckets")).isFinite().isNotNegative();
    assertThat(value(after, "flashsale_map_entries", "map", "placement-events")).isFinite().isNotNegative();
    assertThat(delta(before, after, "flashsale_map_operations_total", "map", "ledgers"))
        .as("ledger operations for the 3 orders placed").isFinite().isGreaterThanOrEqualTo(3);
    await("the write-behind queues drain to PostgreSQL").atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> {
          String now = scrape();
          for (String map : new String[] {"sales", "ledgers", "idempotency"}) {
            assertThat(value(now, "flashsale_map_writebehind_queued", "map", map)).as("queued for " + map).isZero();
          }
        });
    assertThat(value(scrape(), "flashsale_writebehind_lag_seconds"))
        .as("how old the oldest change in write-behind's latest write was: about the write delay, 0 once idle")
        .isBetween(0.0, 10.0);

    assertThat(delta(before, after, "http_server_requests_seconds_count",
        "uri", PLACE_ROUTE, "outcome", "CLIENT_ERROR")).as("Micrometer's outcome tag").isEqualTo(3);
    for (String total : new String[] {"flashsale_map_operations", "flashsale_migrations_replicas_completed",
        "flashsale_repairs_reconciliation", "flashsale_orders_placements"}) {
      assertThat(after).as("running totals are counters").contains("# TYPE " + total + "_total counter");
    }
    assertThat(value(after, "hikaricp_connections_max")).as("the PostgreSQL pool's size").isPositive();
    assertThat(value(after, "jetty_threads_current")).as("Jetty's threads").isPositive();
    assertThat(value(after, "executor_parallelism_threads", "name", "common-pool")).isPositive();
    assertThat(value(after, "cache_size", "cache", "ledgers")).as("Micrometer's IMap figures").isGreaterThanOrEqualTo(1);

    JsonNode cluster = api.adminGet("/api/admin/cluster").expect(200);
    assertThat(value(after, "flashsale_cluster_members")).isEqualTo(cluster.path("members").size()).isPositive();
    double heapUsed = value(after, "jvm_memory_used_bytes", "area", "heap");
    assertThat(heapUsed).as("heap in use").isFinite().isPositive().isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() * 1.01);
  }

  private static String scrape() {
    Answer metrics = api.get("/metrics");
    assertThat(metrics.status()).as(metrics.describe()).isEqualTo(200);
    return metrics.body();
  }

  /** How much a figure grew between two scrapes; a series absent before counts from 0. */
  private static double delta(String before, String after, String name, String... labels) {
    double earlier = value(before, name, labels);
    return value(after, name, labels) - (Double.isNaN(earlier) ? 0 : earlier);
  }

  /**
   * The sum of the samples of {@code name} whose labels include every given pair; NaN when there is none, so
   * a renamed metric fails the assertions instead of reading as 0.
   */
  static double value(String scrape, String name, String... labels) {
    double sum = Double.NaN;
    for (String line : scrape.lines().toList()) {
      if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
        continue;
      }
      boolean matches = true;
      for (int i = 0; i < labels.length; i += 2) {
        matches &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
      }
      if (matches) {
        double sample = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        sum = Double.isNaN(sum) ? sample : sum + sample;
      }
    }
    return sum;
  }
}
