package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator API: the bearer token on every route, creating sales (defaults, validation, 10,000 products in
 * one request), ending them, their statistics, the cluster view and reconciliation.
 */
@ExtendWith(LiveServer.class)
class OperatorHttpTest {

  /** Every operator route of the contract, with a valid-looking id. */
  private static final List<String[]> ADMIN_ROUTES = List.of(
      new String[] {"POST", "/api/admin/sales"},
      new String[] {"POST", "/api/admin/sales/some-sale/end"},
      new String[] {"GET", "/api/admin/sales/some-sale/stats"},
      new String[] {"GET", "/api/admin/sales/some-sale/stats/stream"},
      new String[] {"POST", "/api/admin/reconciliation"},
      new String[] {"GET", "/api/admin/reconciliation"},
      new String[] {"GET", "/api/admin/cluster"},
      new String[] {"GET", "/api/admin/jobs"});

  private static Api api;

  @BeforeAll
  static void connect(Api server) {
    api = server;
  }

  @Test
  void the_jobs_answer_lists_the_streaming_statistics_job_with_its_id_status_and_submission_time() {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      JsonNode jobs = api.adminGet("/api/admin/jobs").expect(200);
      assertThat(jobs.isArray()).isTrue();
      JsonNode statistics = null;
      for (JsonNode job : jobs) {
        if ("sale-statistics".equals(job.path("name").asText())) {
          statistics = job;
        }
      }
      assertThat(statistics).as("the statistics job in %s", jobs).isNotNull();
      assertThat(statistics.path("status").asText()).isEqualTo("RUNNING");
      assertThat(statistics.path("id").isTextual()).isTrue();
      assertThat(Instant.parse(statistics.path("submittedAt").asText())).isBefore(Instant.now().plusSeconds(1));
    });
  }

  @Test
  void every_operator_route_is_401_unauthorized_without_a_token() {
    for (String[] route : ADMIN_ROUTES) {
      assertUnauthorized(call(route, null));
    }
  }

  @Test
  void every_operator_route_is_401_unauthorized_with_a_wrong_token() {
    for (String[] route : ADMIN_ROUTES) {
      assertUnauthorized(call(route, "Bearer not-the-admin-token"));
      assertUnauthorized(call(route, "Bearer " + LiveServer.ADMIN_TOKEN + "x"));
      assertUnauthorized(call(route, "Basic " + LiveServer.ADMIN_TOKEN));
      assertUnauthorized(call(route, LiveServer.ADMIN_TOKEN));
      assertUnauthorized(call(route, "Bearer "));
    }
  }

  @Test
  void a_sale_posted_without_a_token_is_not_created() {
    TestSale sale = TestSale.active().product("tee", "19.99", 10);

    assertUnauthorized(api.post("/api/admin/sales", sale.toJson()));

    api.get("/api/sales/" + sale.saleId()).expectError(404, "SALE_NOT_FOUND");
  }

  @Test
  void creating_a_sale_answers_201_with_the_sale_and_applies_the_default_rules() {
    TestSale definition = TestSale.active().product("tee", "19.99", 10).product("cap", "5", 0);

    JsonNode sale = api.adminPost("/api/admin/sales", definition.toJson()).expect(201);

    assertThat(sale.path("saleId").asText()).isEqualTo(definition.saleId());
    assertThat(sale.path("status").asText()).isEqualTo("ACTIVE");
    assertThat(sale.path("perUserLimit").asInt()).isEqualTo(1);
    assertThat(sale.path("paymentWindowSeconds").asInt()).isEqualTo(300);
    assertThat(sale.path("products").findValuesAsText("productId")).containsExactly("tee", "cap");
    assertThat(sale.path("products").get(0).path("available").asInt()).isEqualTo(10);
    assertThat(sale.path("products").get(1).path("price").asText()).isEqualTo("5");
    assertThat(sale.path("products").get(1).path("available").asInt()).isEqualTo(0);
    assertThat(api.get("/api/sales/" + definition.saleId()).expect(200).path("perUserLimit").asInt()).isEqualTo(1);
  }

  @Test
  void repeating_the_same_create_is_200_with_the_sale_and_takes_nothing_back() {
    TestSale sale = TestSale.active().product("tee", "19.99", 10);
    api.create(sale);
    api.place(sale.saleId(), "repeat-buyer", "tee", 1).expect(201);

    JsonNode again = api.adminPost("/api/admin/sales", sale.body().toString()).expect(200);

    assertThat(again.path("saleId").asText()).isEqualTo(sale.saleId());
    assertThat(again.path("products").get(0).path("available").asInt()).as("the order placed meanwhile stands").isEqualTo(9);
  }

  @Test
  void creating_a_sale_whose_id_exists_is_409_sale_exists_and_changes_nothing() {
    TestSale first = TestSale.active().product("tee", "19.99", 10);
    api.create(first);
    ObjectNode second = first.body().deepCopy();
    second.put("name", "Another sale");

    api.adminPost("/api/admin/sales", second.toString()).expectError(409, "SALE_EXISTS");

    assertThat(api.get("/api/sales/" + first.saleId()).expect(200).path("name").asText()).isEqualTo("Test sale");
  }

  @Test
  void a_sale_that_ends_before_it_starts_is_400_invalid_request() {
    assertRejected(sale -> sale.put("endsAt", sale.path("startsAt").asText()));
    assertRejected(sale -> sale.put("endsAt", "2020-01-01T00:00:00Z"));
  }

  @Test
  void a_sale_with_a_price_that_is_not_a_decimal_string_is_400_invalid_request() {
    assertRejected(sale -> firstProduct(sale).put("price", "19.999999"));
    assertRejected(sale -> firstProduct(sale).put("price", 19.99));
    assertRejected(sale -> firstProduct(sale).put("price", "-1"));
    assertRejected(sale -> firstProduct(sale).put("price", "abc"));
    assertRejected(sale -> firstProduct(sale).put("price", "1e3"));
    assertRejected(sale -> firstProduct(sale).put("price", ""));
  }

  @Test
  void a_sale_with_a_currency_that_is_not_an_iso_4217_code_is_400_invalid_request() {
    assertRejected(sale -> firstProduct(sale).put("currency", "EURO"));
    assertRejected(sale -> firstProduct(sale).put("currency", "eur"));
    assertRejected(sale -> firstProduct(sale).put("currency", "ABC"));
    assertRejected(sale -> firstProduct(sale).put("currency", 978));
  }

  @Test
  void a_sale_listing_a_product_twice_is_400_invalid_request() {
    assertRejected(sale -> ((ArrayNode) sale.path("products")).add(firstProduct(sale).deepCopy()));
  }

  @Test
  void a_sale_without_products_is_400_invalid_request() {
    assertRejected(sale -> sale.putArray("products"));
    assertRejected(sale -> sale.remove("products"));
    assertRejected(sale -> sale.put("products", "tee"));
  }

  @Test
  void a_sale_with_negative_or_non_integer_stock_is_400_invalid_request() {
    assertRejected(sale -> firstProduct(sale).put("stock", -1));
    assertRejected(sale -> firstProduct(sale).put("stock", "5"));
    assertRejected(sale -> firstProduct(sale).put("stock", 1.5));
  }

  @Test
  void a_sale_with_bad_ids_times_or_rules_is_400_invalid_request() {
    assertBodyRejected(sale -> sale.put("saleId", "bad!id"));
    assertBodyRejected(sale -> sale.put("saleId", "s".repeat(65)));
    assertRejected(sale -> firstProduct(sale).put("productId", "bad!id"));
    assertRejected(sale -> sale.put("startsAt", "tomorrow"));
    assertRejected(sale -> sale.put("startsAt", "2026-11-21T10:00:00"));
    assertRejected(sale -> sale.remove("name"));
    assertRejected(sale -> sale.put("name", "  "));
    assertRejected(sale -> sale.put("perUserLimit", 0));
    assertRejected(sale -> sale.put("perUserLimit", "2"));
    assertRejected(sale -> sale.put("paymentWindowSeconds", -1));
  }

  @Test
  void a_sale_body_that_is_not_a_json_object_is_400_invalid_request() {
    for (String body : List.of("", "[]", "{", "null", "{\"saleId\":\"a\",\"saleId\":\"b\"}")) {
      api.adminPost("/api/admin/sales", body).expectError(400, "INVALID_REQUEST");
    }
  }

  @Test
  void a_sale_of_ten_thousand_products_is_created_in_one_request() {
    TestSale definition = TestSale.active();
    for (int i = 0; i < 10_000; i++) {
      definition.product("p-" + i, "1.00", 5);
    }
    assertThat(definition.toJson().length()).isGreaterThan(1024 * 1024);

    JsonNode sale = api.adminPost("/api/admin/sales", definition.toJson()).expect(201);

    assertThat(sale.path("products")).hasSize(10_000);
    assertThat(api.available(definition.saleId(), "p-9999")).isEqualTo(5);
  }

  @Test
  void an_operator_body_over_16_MiB_is_413() {
    byte[] oversize = new byte[16 * 1024 * 1024 + 1024];
    java.util.Arrays.fill(oversize, (byte) ' ');
    oversize[0] = '{';
    oversize[oversize.length - 1] = '}';

    Answer answer = api.send(api.request("/api/admin/sales")
        .header("Authorization", "Bearer " + LiveServer.ADMIN_TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(oversize)));

    answer.expectError(413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void ending_a_sale_answers_200_with_the_sale_ended_and_stops_orders() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));

    JsonNode ended = api.adminPost("/api/admin/sales/" + saleId + "/end", null).expect(200);

    assertThat(ended.path("saleId").asText()).isEqualTo(saleId);
    assertThat(ended.path("status").asText()).isEqualTo("ENDED");
    assertThat(api.get("/api/sales/" + saleId).expect(200).path("status").asText()).isEqualTo("ENDED");
    JsonNode error = api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SALE_NOT_ACTIVE");
    assertThat(error.path("status").asText()).isEqualTo("ENDED");
  }

  @Test
  void ending_a_sale_twice_answers_200_both_times() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    api.adminPost("/api/admin/sales/" + saleId + "/end", null).expect(200);

    JsonNode again = api.adminPost("/api/admin/sales/" + saleId + "/end", null).expect(200);

    assertThat(again.path("status").asText()).isEqualTo("ENDED");
  }

  @Test
  void ending_an_unknown_sale_is_404_sale_not_found() {
    api.adminPost("/api/admin/sales/" + Api.newId("missing") + "/end", null).expectError(404, "SALE_NOT_FOUND");
    api.adminPost("/api/admin/sales/bad!id/end", null).expectError(400, "INVALID_REQUEST");
  }

  @Test
  void the_statistics_of_a_sale_match_the_orders_placed_in_it() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 100).product("cap", "5.00", 100)
        .perUserLimit(5));
    String confirmed = api.placed(saleId, Api.newId("user"), "tee", 2).path("orderId").asText();
    api.pay(confirmed, "SUCCEEDED").expect(200);
    String confirmedCap = api.placed(saleId, Api.newId("user"), "cap", 3).path("orderId").asText();
    api.pay(confirmedCap, "SUCCEEDED").expect(200);
    api.placed(saleId, Api.newId("user"), "tee", 4);
    String cancelled = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    api.cancel(cancelled).expect(200);

    // The figures come from the streaming statistics job: they follow the orders within moments.
    await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode stats = api.adminGet("/api/admin/sales/" + saleId + "/stats").expect(200);
      assertThat(stats.path("saleId").asText()).isEqualTo(saleId);
      assertThat(stats.path("ordersByStatus").path("CONFIRMED").asInt()).isEqualTo(2);
      assertThat(stats.path("ordersByStatus").path("PENDING").asInt()).isEqualTo(1);
      assertThat(stats.path("ordersByStatus").path("CANCELLED").asInt()).isEqualTo(1);
      assertThat(stats.path("unitsByStatus").path("CONFIRMED").asInt()).isEqualTo(5);
      assertThat(stats.path("unitsByStatus").path("PENDING").asInt()).isEqualTo(4);
      assertThat(stats.path("unitsByStatus").path("CANCELLED").asInt()).isEqualTo(1);
      assertThat(new java.math.BigDecimal(stats.path("revenue").path("EUR").asText()))
          .isEqualByComparingTo("54.98");
      assertThat(stats.path("ordersPerSecond").has("last10s")).isTrue();
    });
  }

  @Test
  void the_statistics_of_an_unknown_sale_are_404_sale_not_found() {
    api.adminGet("/api/admin/sales/" + Api.newId("missing") + "/stats").expectError(404, "SALE_NOT_FOUND");
  }

  @Test
  void the_cluster_view_names_the_cluster_its_members_and_its_partitions() {
    JsonNode cluster = api.adminGet("/api/admin/cluster").expect(200);

    assertThat(cluster.path("clusterName").asText()).isEqualTo(api.clusterName());
    assertThat(cluster.path("partitionCount").asInt()).isEqualTo(271);
    assertThat(cluster.path("clusterSafe").isBoolean()).as("clusterSafe is a boolean in " + cluster).isTrue();
    assertThat(cluster.path("members")).hasSize(1);
    JsonNode member = cluster.path("members").get(0);
    assertThat(member.path("address").asText()).matches("[^:]+:[0-9]+|\\[[0-9a-fA-F:]+\\]:[0-9]+");
    assertThat(member.path("uuid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(member.path("local").asBoolean()).isTrue();
  }

  @Test
  void running_a_reconciliation_answers_200_with_its_report() {
    JsonNode report = api.adminPost("/api/admin/reconciliation", null).expect(200);

    assertThat(report.isObject()).as("the report is a JSON object: " + report).isTrue();
  }

  @Test
  void the_last_reconciliation_report_is_200_with_a_json_object() {
    api.adminPost("/api/admin/reconciliation", null).expect(200);

    JsonNode report = api.adminGet("/api/admin/reconciliation").expect(200);

    assertThat(report.isObject()).as("the report is a JSON object: " + report).isTrue();
  }

  private static Answer call(String[] route, String authorization) {
    HttpRequest.Builder request = api.request(route[1]).header("Content-Type", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    String body = TestSale.active().product("tee", "1.00", 1).toJson();
    return api.send(route[0].equals("GET") ? request.GET()
        : request.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  private static void assertUnauthorized(Answer answer) {
    answer.expectError(401, "UNAUTHORIZED");
    assertThat(answer.header("WWW-Authenticate")).as("WWW-Authenticate of " + answer.describe())
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
  }

  /** Posts a valid sale changed by {@code tamper}; it must be 400 INVALID_REQUEST and not be stored. */
  private static void assertRejected(Consumer<ObjectNode> tamper) {
    TestSale sale = TestSale.active().product("tee", "19.99", 10);
    ObjectNode body = sale.body();
    tamper.accept(body);

    api.adminPost("/api/admin/sales", body.toString()).expectError(400, "INVALID_REQUEST");

    api.get("/api/sales/" + sale.saleId()).expectError(404, "SALE_NOT_FOUND");
  }

  /** As {@link #assertRejected} for a tampering that changes the sale id itself. */
  private static void assertBodyRejected(Consumer<ObjectNode> tamper) {
    ObjectNode body = TestSale.active().product("tee", "19.99", 10).body();
    tamper.accept(body);

    api.adminPost("/api/admin/sales", body.toString()).expectError(400, "INVALID_REQUEST");
  }

  private static ObjectNode firstProduct(ObjectNode sale) {
    return (ObjectNode) sale.path("products").get(0);
  }
}
