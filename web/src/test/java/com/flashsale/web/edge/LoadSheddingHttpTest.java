package com.flashsale.web.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.web.ApiServer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.EdgeCluster;
import com.flashsale.web.testing.TestSale;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Load shedding: with at most two placements in flight per member, a flood of concurrent placements is
 * answered at once with 503 UNAVAILABLE and {@code Retry-After} beyond the bound, while the admitted ones are
 * placed as usual and the stock accounts for exactly those.
 */
class LoadSheddingHttpTest {

  private static final int FLOOD = 150;

  record Timed(int status, String retryAfter, String body, long millis) {}

  @Test
  void a_flood_past_the_in_flight_bound_is_shed_with_503_while_admitted_orders_succeed() {
    try (ApiServer server = EdgeCluster.shared().start(0, EdgeSettings.defaults().withMaxInFlight(2))) {
      Api api = EdgeCluster.shared().client(server);
      String saleId = api.create(TestSale.active().product("tee", "19.99", 10_000));
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

      List<CompletableFuture<Timed>> flood = new ArrayList<>();
      for (int i = 0; i < FLOOD; i++) {
        long sentAt = System.nanoTime();
        HttpRequest request = api.request("/api/sales/" + saleId + "/orders").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Api.orderBody(Api.newId("user"), "tee", 1))).build();
        flood.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> new Timed(
            response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), response.body(),
            (System.nanoTime() - sentAt) / 1_000_000)));
      }
      List<Timed> answers = flood.stream().map(CompletableFuture::join).toList();

      List<Timed> placed = answers.stream().filter(answer -> answer.status() == 201).toList();
      List<Timed> shed = answers.stream().filter(answer -> answer.status() == 503).toList();
      assertThat(placed.size() + shed.size()).as("only 201 and 503: " + answers).isEqualTo(FLOOD);
      assertThat(placed).as("admitted orders").isNotEmpty();
      assertThat(shed).as("shed placements").isNotEmpty()
          .allSatisfy(answer -> {
            assertThat(answer.body()).contains("\"error\":\"UNAVAILABLE\"");
            assertThat(answer.retryAfter()).isEqualTo("1");
          });
      assertThat(api.available(saleId, "tee")).isEqualTo(10_000 - placed.size());
      assertThat(server.metrics()).isNotNull();
      api.place(saleId, Api.newId("user"), "tee", 1).expect(201);
    }
  }

  @Test
  void a_shed_answer_does_not_wait_for_the_grid() {
    try (ApiServer server = EdgeCluster.shared().start(0, EdgeSettings.defaults().withMaxInFlight(1))) {
      Api api = EdgeCluster.shared().client(server);
      String saleId = api.create(TestSale.active().product("tee", "19.99", 10_000));
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      List<CompletableFuture<Timed>> flood = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        long sentAt = System.nanoTime();
        HttpRequest request = api.request("/api/sales/" + saleId + "/orders").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Api.orderBody(Api.newId("user"), "tee", 1))).build();
        flood.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> new Timed(
            response.statusCode(), null, response.body(), (System.nanoTime() - sentAt) / 1_000_000)));
      }
      List<Timed> shed = flood.stream().map(CompletableFuture::join).filter(answer -> answer.status() == 503).toList();

      assertThat(shed).isNotEmpty();
      // Generous for a loaded CI machine: a shed answer never queues behind the grid's asynchronous timeout (10 s).
      assertThat(shed.stream().mapToLong(Timed::millis).max().orElseThrow()).isLessThan(5_000);
    }
  }
}
