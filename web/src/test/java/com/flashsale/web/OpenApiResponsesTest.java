package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.OpenApiResponses;
import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checker every HTTP test's answers go through ({@link OpenApiResponses}, called by {@code Api}) against the
 * served openapi.json: it passes answers of the contract's shape and fails wrong ones, so a green HTTP suite
 * means the document describes what the server answers.
 */
class OpenApiResponsesTest {

  private static final String ORDER = """
      {"orderId":"42-7","saleId":"s-1","productId":"p-1","userId":"u-1","quantity":1,"unitPrice":"19.99",
       "currency":"EUR","status":"PENDING","createdAt":"2026-11-21T10:00:00Z","updatedAt":"2026-11-21T10:00:00Z",
       "expiresAt":"2026-11-21T10:05:00Z"}""";

  private final OpenApiResponses document = OpenApiResponses.served();

  @Test
  void an_order_of_the_contracts_shape_conforms() {
    assertThat(document.violations(json("GET /api/orders/42-7", 200, ORDER))).isEmpty();
    assertThat(document.violations(json("POST /api/sales/s-1/orders", 201, ORDER))).isEmpty();
  }

  @Test
  void an_order_without_its_status_fails_and_says_which_field() {
    Answer answer = json("GET /api/orders/42-7", 200, ORDER.replace("\"status\":\"PENDING\",", ""));

    assertThat(document.violations(answer)).singleElement().asString().contains("status");
    assertThatThrownBy(() -> document.check(answer)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("GET /api/orders/42-7").hasMessageContaining("status");
  }

  @Test
  void a_field_of_the_wrong_type_or_format_fails() {
    assertThat(document.violations(json("GET /api/orders/42-7", 200, ORDER.replace("\"quantity\":1", "\"quantity\":\"1\""))))
        .isNotEmpty();
    assertThat(document.violations(json("GET /api/orders/42-7", 200,
        ORDER.replace("2026-11-21T10:05:00Z", "tomorrow")))).isNotEmpty();
    assertThat(document.violations(json("GET /api/orders/42-7", 200, ORDER.replace("PENDING", "PAID")))).isNotEmpty();
    for (String orderId : new String[] {"42", "42-", "-7", "42-12345", "abc-7"}) {
      String other = ORDER.replace("\"42-7\"", "\"" + orderId + "\"");
      assertThat(document.violations(json("GET /api/orders/42-7", 200, other))).as("orderId %s", orderId).isNotEmpty();
    }
  }

  @Test
  void a_conflict_must_carry_the_fields_its_code_adds() {
    String limitExceeded = "{\"error\":\"LIMIT_EXCEEDED\",\"message\":\"The sale allows 2.\",\"limit\":2,\"held\":2}";
    assertThat(document.violations(json("POST /api/sales/s-1/orders", 409, limitExceeded))).isEmpty();

    assertThat(document.violations(json("POST /api/sales/s-1/orders", 409,
        "{\"error\":\"LIMIT_EXCEEDED\",\"message\":\"The sale allows 2.\",\"limit\":2}"))).isNotEmpty();
    assertThat(document.violations(json("POST /api/sales/s-1/orders", 409,
        "{\"error\":\"SALE_NOT_ACTIVE\",\"message\":\"The sale is ENDED.\"}"))).isNotEmpty();
    assertThat(document.violations(json("POST /api/sales/s-1/orders", 409,
        "{\"error\":\"ORDER_NOT_PENDING\",\"message\":\"wrong code for a placement\",\"status\":\"CONFIRMED\"}"))).isNotEmpty();
  }

  @Test
  void an_error_code_the_status_does_not_document_fails() {
    assertThat(document.violations(json("GET /api/sales/s-1", 404, "{\"error\":\"SALE_NOT_FOUND\",\"message\":\"No such sale.\"}")))
        .isEmpty();
    assertThat(document.violations(json("GET /api/sales/s-1", 404, "{\"error\":\"ORDER_NOT_FOUND\",\"message\":\"No such sale.\"}")))
        .isNotEmpty();
    assertThat(document.violations(json("GET /api/sales/s-1", 404, "{\"error\":\"SALE_NOT_FOUND\"}"))).isNotEmpty();
  }

  @Test
  void rate_limited_and_unavailable_answers_must_say_when_to_retry() {
    String rateLimited = "{\"error\":\"RATE_LIMITED\",\"message\":\"Too many requests; retry after 1 s.\"}";
    assertThat(document.violations(answer("POST /api/sales/s-1/orders", 429, rateLimited, "Retry-After", "1"))).isEmpty();

    assertThat(document.violations(json("POST /api/sales/s-1/orders", 429, rateLimited)))
        .singleElement().asString().contains("Retry-After");
    assertThat(document.violations(json("GET /api/admin/cluster", 503,
        "{\"error\":\"UNAVAILABLE\",\"message\":\"Retry shortly.\"}"))).singleElement().asString().contains("Retry-After");
    assertThat(document.violations(answer("GET /api/admin/cluster", 503,
        "{\"error\":\"UNAVAILABLE\",\"message\":\"Retry shortly.\"}", "Retry-After", "soon"))).isNotEmpty();
  }

  @Test
  void a_status_the_operation_does_not_document_fails_and_a_500_always_does() {
    assertThat(document.violations(json("GET /api/admin/cluster", 409, "{\"error\":\"SALE_EXISTS\",\"message\":\"?\"}")))
        .singleElement().asString().contains("status 409 is not documented for GET /api/admin/cluster");
    assertThat(document.violations(json("GET /api/sales", 500, "{\"error\":\"INTERNAL_ERROR\",\"message\":\"oops\"}")))
        .singleElement().asString().contains("status 500");
  }

  @Test
  void a_body_of_another_media_type_than_documented_fails() {
    assertThat(document.violations(answer("GET /api/orders/42-7", 200, "<html></html>", "Content-Type", "text/html")))
        .singleElement().asString().contains("application/json");
  }

  @Test
  void the_typed_admin_answers_are_checked_too() {
    String cluster = """
        {"clusterName":"flashsale","members":[{"address":"127.0.0.1:5701","uuid":"3f1c1d2e-0000-4000-8000-000000000001",
         "local":true}],"partitionCount":271,"clusterSafe":true,"localMemberSafe":true,
         "migrations":{"inProgress":false,"processesCompleted":0,"replicasCompleted":0,"replicasFailed":0}}""";
    assertThat(document.violations(json("GET /api/admin/cluster", 200, cluster))).isEmpty();
    assertThat(document.violations(json("GET /api/admin/cluster", 200, cluster.replace("\"local\":true", "\"local\":\"yes\""))))
        .isNotEmpty();
    assertThat(document.violations(json("GET /api/admin/reconciliation", 200,
        "{\"status\":\"NEVER_RUN\",\"message\":\"No reconciliation has run yet.\"}"))).isEmpty();
    assertThat(document.violations(json("GET /api/admin/reconciliation", 200, "{\"status\":\"DONE\"}"))).isNotEmpty();
  }

  @Test
  void routes_the_document_does_not_describe_are_not_judged_here() {
    assertThat(document.violations(json("GET /no/such/route", 404, "{\"error\":\"NOT_FOUND\",\"message\":\"No such endpoint.\"}")))
        .isEmpty();
    assertThat(document.violations(json("DELETE /api/sales", 405, "{\"error\":\"METHOD_NOT_ALLOWED\",\"message\":\"No.\"}")))
        .isEmpty();
  }

  private static Answer json(String request, int status, String body) {
    return answer(request, status, body);
  }

  /** An answer with {@code Content-Type: application/json} unless the extra headers name another. */
  private static Answer answer(String request, int status, String body, String... extraHeaders) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    for (int i = 0; i < extraHeaders.length; i += 2) {
      headers.put(extraHeaders[i], List.of(extraHeaders[i + 1]));
    }
    return new Answer(request, status, HttpHeaders.of(headers, (name, value) -> true), body);
  }
}
