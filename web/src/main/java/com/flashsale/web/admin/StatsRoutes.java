package com.flashsale.web.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.service.Grid;
import com.flashsale.node.service.SaleService;
import com.flashsale.web.http.ApiError;
import com.flashsale.web.http.ErrorCode;
import com.flashsale.web.http.Json;
import com.flashsale.web.http.PathParams;
import com.hazelcast.core.HazelcastInstance;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/admin/sales/{saleId}/stats/stream}: the sale's statistics as Server-Sent Events, one
 * {@code stats} event per second (the same object as {@code GET .../stats} plus the cluster's members), for the
 * dashboard. It sits under {@code /api/admin/}, so the operator's bearer token is checked like on every admin
 * call: the dashboard reads the stream with {@code fetch}, which can send the header, instead of
 * {@code EventSource}, which cannot; the token therefore never appears in a URL, a log line or the history.
 */
public final class StatsRoutes {

  static final String STREAM_PATH = "/api/admin/sales/{saleId}/stats/stream";
  /** Rates are averages up to "now", so they are pushed every second even when no figure changed. */
  private static final Duration PUSH_EVERY = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(StatsRoutes.class);

  private final SaleService sales;
  private final SaleStatistics statistics;
  private final HazelcastInstance member;
  private final ScheduledThreadPoolExecutor pushes = new ScheduledThreadPoolExecutor(1, runnable -> {
    Thread thread = new Thread(runnable, "stats-stream");
    thread.setDaemon(true);
    return thread;
  });

  public StatsRoutes(FlashSaleNode node, Clock clock) {
    this.sales = node.sales();
    this.statistics = new SaleStatistics(Grid.of(node.instance()), node.sales(), clock);
    this.member = node.instance();
    // No thread is kept while nobody watches: the pool's one thread ends after a minute without streams.
    pushes.setKeepAliveTime(1, TimeUnit.MINUTES);
    pushes.allowCoreThreadTimeOut(true);
    pushes.setRemoveOnCancelPolicy(true);
  }

  public void register(RoutesConfig routes) {
    routes.get(STREAM_PATH, this::stream);
  }

  /** The sale is looked up first so that an unknown one is a plain 404, before the stream's 200 is sent. */
  private void stream(Context ctx) throws Exception {
    Sale sale = sales.find(PathParams.id(ctx, "saleId"))
        .orElseThrow(() -> ApiError.of(ErrorCode.SALE_NOT_FOUND, "There is no such sale."));
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      throw ApiError.of(ErrorCode.NOT_ACCEPTABLE, "This is an event stream: send Accept: text/event-stream.");
    }
    new SseHandler(client -> watch(client, sale.saleId())).handle(ctx);
  }

  private void watch(SseClient client, String saleId) {
    client.keepAlive();
    ScheduledFuture<?> task = pushes.scheduleAtFixedRate(() -> push(client, saleId), 0, PUSH_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
    client.onClose(() -> task.cancel(false));
  }

  private void push(SseClient client, String saleId) {
    try {
      if (client.terminated()) {
        return;
      }
      Sale sale = sales.find(saleId).orElse(null);
      if (sale == null) {
        client.close();
        return;
      }
      Map<String, Object> event = new LinkedHashMap<>(statistics.of(sale));
      event.put("cluster", cluster());
      client.sendEvent("stats", Json.MAPPER.writeValueAsString(event));
    } catch (JsonProcessingException unwritable) {
      throw new UncheckedIOException(unwritable);
    } catch (RuntimeException failed) {
      // One failed push (the member leaving, a map briefly unavailable) must not end the schedule; the next
      // second tries again, and a client that went away is closed by the emitter.
      LOG.debug("Stats push for sale {} failed", saleId, failed);
    }
  }

  private Map<String, Object> cluster() {
    List<Map<String, Object>> members = member.getCluster().getMembers().stream().map(AdminRoutes::member).toList();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("clusterName", member.getConfig().getClusterName());
    view.put("members", members);
    view.put("clusterSafe", member.getPartitionService().isClusterSafe());
    return view;
  }
}
