package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.web.http.Json;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /api/admin/sales/{saleId}/stats/stream}: Server-Sent Events of the sale's statistics for the
 * dashboard, behind the operator's bearer token like every admin call; and the dashboard page's files.
 */
@ExtendWith(LiveServer.class)
class StatsStreamHttpTest {

  private static final String STREAM = "/api/admin/sales/%s/stats/stream";
  private static Api api;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void connect(Api server) {
    api = server;
  }

  @Test
  void the_stream_sends_stats_events_that_follow_the_orders_and_name_the_cluster_members() throws Exception {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    HttpResponse<InputStream> response = client.send(api.request(String.format(STREAM, saleId))
        .header("Authorization", "Bearer " + LiveServer.ADMIN_TOKEN).header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      JsonNode first = nextStats(events);
      assertThat(first.path("saleId").asText()).isEqualTo(saleId);
      assertThat(first.path("ordersByStatus").path("PENDING").asInt()).isZero();
      assertThat(first.path("cluster").path("members")).isNotEmpty();
      assertThat(first.path("perSecond")).hasSize(60);

      api.placed(saleId, Api.newId("user"), "tee", 1);

      AtomicReference<JsonNode> latest = new AtomicReference<>(first);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        latest.set(nextStats(events));
        return latest.get().path("ordersByStatus").path("PENDING").asInt() == 1;
      });
      assertThat(latest.get().path("products").get(0).path("available").asInt()).isEqualTo(9);
    }
  }

  @Test
  void the_stream_needs_the_admin_token() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));

    api.get(String.format(STREAM, saleId), "Accept", "text/event-stream").expectError(401, "UNAUTHORIZED");
  }

  @Test
  void the_stream_of_an_unknown_sale_is_404_sale_not_found() {
    api.send(api.request(String.format(STREAM, Api.newId("missing")))
        .header("Authorization", "Bearer " + LiveServer.ADMIN_TOKEN).header("Accept", "text/event-stream"))
        .expectError(404, "SALE_NOT_FOUND");
  }

  @Test
  void the_stream_refuses_a_client_that_does_not_accept_an_event_stream() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));

    api.adminGet(String.format(STREAM, saleId)).expectError(406, "NOT_ACCEPTABLE");
  }

  @Test
  void the_dashboard_page_and_its_files_are_served_with_a_strict_content_security_policy() {
    var page = api.get("/dashboard");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("/dashboard/dashboard.js", "/dashboard/uPlot.iife.min.js");
    assertThat(page.header("Content-Security-Policy").orElse("")).contains("default-src 'none'", "script-src 'self'");
    assertThat(api.get("/dashboard/uPlot.iife.min.js").contentType()).startsWith("text/javascript");
    assertThat(api.get("/dashboard/dashboard.css").contentType()).startsWith("text/css");
    api.get("/dashboard/..%2Fopenapi.json").expectError(404, "NOT_FOUND");
  }

  /** Reads lines up to the end of the next {@code stats} event and returns its data. */
  private static JsonNode nextStats(BufferedReader events) throws Exception {
    String event = null;
    StringBuilder data = new StringBuilder();
    for (String line = events.readLine(); line != null; line = events.readLine()) {
      if (line.startsWith("event:")) {
        event = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        data.append(line.substring(5).trim());
      } else if (line.isEmpty() && "stats".equals(event) && data.length() > 0) {
        return Json.MAPPER.readTree(data.toString());
      }
    }
    throw new IllegalStateException("the stream ended");
  }
}
