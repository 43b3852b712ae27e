package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.web.admin.AdminToken;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Health endpoints and the answers to calls that match no route: always the contract's JSON error. */
@ExtendWith(LiveServer.class)
class OperationsHttpTest {

  private static Api api;

  @BeforeAll
  static void connect(Api server) {
    api = server;
  }

  @Test
  void liveness_answers_200_while_the_process_runs() {
    JsonNode health = api.get("/health/live").expect(200);

    assertThat(health.path("status").asText()).isEqualTo("UP");
  }

  @Test
  void readiness_answers_200_once_the_member_has_joined() {
    JsonNode health = api.get("/health/ready").expect(200);

    assertThat(health.path("status").asText()).isEqualTo("UP");
    assertThat(health.path("member").asText()).isEqualTo("UP");
  }

  @Test
  void readiness_is_503_with_retry_after_while_a_readiness_check_fails() {
    ApiServer notReady = ApiServer.start(LiveServer.node(), AdminToken.configuredOrRandom(LiveServer.ADMIN_TOKEN), 0,
        Clock.systemUTC(), Map.of("postgres", () -> false));
    try {
      URI ready = URI.create("http://127.0.0.1:" + notReady.port() + "/health/ready");

      Answer answer = api.send(HttpRequest.newBuilder(ready));

      JsonNode health = answer.expect(503);
      assertThat(health.path("status").asText()).isEqualTo("DOWN");
      assertThat(health.path("postgres").asText()).isEqualTo("DOWN");
      assertThat(answer.header("Retry-After")).isPresent();
    } finally {
      notReady.close();
    }
  }

  @Test
  void metrics_are_served_in_the_prometheus_text_format() {
    api.get("/health/live").expect(200);

    Answer metrics = api.get("/metrics");

    assertThat(metrics.status()).as(metrics.describe()).isEqualTo(200);
    assertThat(metrics.contentType()).startsWith("text/plain");
    assertThat(metrics.body()).contains("# TYPE ").contains("# HELP ");
    assertThat(metrics.body().lines().filter(line -> !line.isBlank() && !line.startsWith("#")))
        .as("every sample line is 'name{labels} value'")
        .allMatch(line -> line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? \\S+( \\d+)?"));
  }

  @Test
  void an_unknown_path_is_a_json_404_not_found() {
    api.get("/api/nothing-here").expectError(404, "NOT_FOUND");
    api.get("/").expectError(404, "NOT_FOUND");
    api.post("/api/sales/x/refunds", "{}").expectError(404, "NOT_FOUND");
  }

  @Test
  void a_wrong_method_on_a_known_path_is_a_json_error_never_html() {
    Answer deleteSales = api.send(api.request("/api/sales").DELETE());
    Answer putOrder = api.send(api.request("/api/orders/1-0").PUT(HttpRequest.BodyPublishers.ofString("{}")));
    Answer getPayment = api.get("/api/orders/1-0/payment");

    for (Answer answer : new Answer[] {deleteSales, putOrder, getPayment}) {
      assertThat(answer.status()).as(answer.describe()).isIn(404, 405);
      JsonNode error = answer.expect(answer.status());
      assertThat(error.path("error").asText()).as(answer.describe()).isIn("NOT_FOUND", "METHOD_NOT_ALLOWED");
      assertThat(answer.body()).doesNotContain("<html");
    }
  }

  @Test
  void every_answer_carries_a_request_id() {
    assertThat(api.get("/health/live", "X-Request-Id", "trace-42").header("X-Request-Id")).contains("trace-42");
    assertThat(api.get("/health/live").header("X-Request-Id")).isPresent();
  }
}
