package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.RawHttp;
import com.flashsale.web.testing.TestSale;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hundreds of malformed and odd requests: random bytes, numbers no type can hold, nesting ten thousand deep,
 * unicode and traversal in ids, unusual methods and headers. Whatever comes in, the answer is never a 5xx,
 * always JSON (with an {@code error} code when it is a rejection) and never a stack trace.
 */
@ExtendWith(LiveServer.class)
class HostileRequestsHttpTest {

  private static final long SEED = 20261121L;

  private static Api api;
  private static String saleId;
  private static String orderId;

  @BeforeAll
  static void createSaleAndOrder(Api server) {
    api = server;
    saleId = api.create(TestSale.active().product("tee", "19.99", 100_000).perUserLimit(100_000));
    orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
  }

  @Test
  void random_bytes_as_a_body_are_rejected_cleanly_on_every_route_that_reads_one() {
    Random random = new Random(SEED);
    List<String> violations = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      byte[] body = new byte[1 + random.nextInt(i < 50 ? 512 : 20_000)];
      random.nextBytes(body);
      for (String path : bodyRoutes()) {
        check(violations, post(path, body, "application/json"), true);
      }
    }
    assertThat(violations).as("answers that break the contract's error model").isEmpty();
  }

  @Test
  void odd_json_is_rejected_cleanly_on_every_route_that_reads_one() {
    List<String> bodies = new ArrayList<>(List.of(
        "{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":1e400}",
        "{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":-1e400}",
        "{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":1e-400}",
        "{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":" + "9".repeat(39) + "}",
        "{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":" + "9".repeat(5000) + "}",
        "{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":NaN}",
        "{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":Infinity}",
        "{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":01}",
        "{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":0x10}",
        "{\"userId\":\"u\\u0000\",\"productId\":\"tee\",\"quantity\":1}",
        "{\"userId\":\"\\ud800\",\"productId\":\"tee\",\"quantity\":1}",
        "{\"userId\":\"u1\" /* comment */,\"productId\":\"tee\",\"quantity\":1}",
        "{'userId':'u1','productId':'tee','quantity':1}",
        "{\"outcome\":\"SUCCEEDED\",\"paymentRef\":{\"a\":[1,2,{\"b\":null}]}}",
        "{\"outcome\":[\"SUCCEEDED\"]}",
        "{\"saleId\":{},\"name\":[],\"startsAt\":1,\"endsAt\":true,\"products\":{}}",
        "{\"saleId\":\"x\",\"name\":\"n\",\"startsAt\":\"2026-01-01T00:00:00Z\",\"endsAt\":\"2027-01-01T00:00:00Z\","
            + "\"products\":[{\"productId\":\"p\",\"name\":\"n\",\"price\":\"1e400\",\"currency\":\"EUR\",\"stock\":1e400}]}",
        "{\"saleId\":\"x\",\"name\":\"n\",\"startsAt\":\"+999999999-12-31T23:59:59Z\",\"endsAt\":\"-999999999-01-01T00:00:00Z\","
            + "\"products\":[]}",
        "{\"saleId\":\"x\",\"products\":[null,1,\"a\",[]]}",
        "{\"a\":\"" + "x".repeat(15_000) + "\"}",
        "\ufeff{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":1}",
        "{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":1}}",
        "{\"\":\"\"}",
        "{",
        "}",
        "\"",
        "[" .repeat(10_000) + "]".repeat(10_000),
        "[".repeat(8_000) + "]".repeat(8_000),
        "[".repeat(10_000),
        "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000),
        "{\"quantity\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}"));
    List<String> violations = new ArrayList<>();
    for (String body : bodies) {
      for (String path : bodyRoutes()) {
        check(violations, post(path, body.getBytes(StandardCharsets.UTF_8), "application/json"), false);
      }
    }
    for (String path : bodyRoutes()) {
      byte[] utf16 = "{\"outcome\":\"SUCCEEDED\"}".getBytes(StandardCharsets.UTF_16);
      check(violations, post(path, utf16, "application/json; charset=utf-16"), false);
      byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};
      check(violations, post(path, invalidUtf8, "application/json"), true);
      check(violations, post(path, "<xml/>".getBytes(StandardCharsets.UTF_8), "application/xml"), true);
      check(violations, post(path, "userId=u1&quantity=1".getBytes(StandardCharsets.UTF_8),
          "application/x-www-form-urlencoded"), true);
    }
    assertThat(violations).as("answers that break the contract's error model").isEmpty();
  }

  @Test
  void odd_ids_and_paths_are_answered_with_json_never_an_error_page() {
    List<String> targets = List.of(
        "/api/sales/..%2f..", "/api/sales/..%2F..%2Fadmin%2Fcluster", "/api/sales/%2e%2e/%2e%2e/admin/cluster",
        "/api/sales/%2e%2e", "/api/sales/..%5c..", "/api/sales/%5c", "/api/sales/%2F",
        "/api/sales/%C3%A9t%C3%A9", "/api/sales/%F0%9F%98%80", "/api/sales/%E2%80%8B", "/api/sales/a%0Ab",
        "/api/sales/a;b=c",
        "/api/sales/" + saleId + "/products/%C3%A9", "/api/sales/" + saleId + "/products/..%2F..",
        "/api/orders/%E2%91%A0", "/api/orders/%EF%BC%91", "/api/orders/0x10", "/api/orders/+1",
        "/api/orders/00000000000000000001", "/api/orders/" + "9".repeat(40),
        "/api/orders/1-%EF%BC%91", "/api/orders/1-0x10", "/api/orders/1-+1", "/api/orders/-", "/api/orders/1-1-1",
        "/api/orders/" + "9".repeat(19) + "-" + "9".repeat(4), "/api/orders/" + "9".repeat(40) + "-1",
        "/api/orders/1-" + "9".repeat(40), "/api/orders/1-%00", "/api/orders/1%2F-1",
        "/api/users/%2e%2e/orders", "/api/users/%C3%A9/orders", "/api/users/u%2Fv/orders",
        "/api/sales?status=%zz", "/api/sales?status=%00", "/api/sales?status=ACTIVE&status=ENDED",
        "/api/sales?status=" + "A".repeat(2_000), "/api/sales/" + "s".repeat(2_000),
        "/api/sales/" + "s".repeat(7_000), "//api//sales", "/api/./sales", "/api/sales/.",
        "/health/../api/sales", "/api/admin/..%2fsales", "/api/admin/%2e%2e/sales/x",
        "/openapi.json/..", "/api/sales/%252e%252e");
    List<String> violations = new ArrayList<>();
    for (String target : targets) {
      check(violations, RawHttp.send(api.port(), "GET", target, List.of(), null), false);
      check(violations, RawHttp.send(api.port(), "POST", target, List.of("Content-Type: application/json"),
          "{}".getBytes(StandardCharsets.UTF_8)), false);
    }
    assertThat(violations).as("answers that break the contract's error model").isEmpty();
  }

  @Test
  void requests_the_http_server_refuses_before_routing_are_still_answered_with_a_json_error() {
    List<String> violations = new ArrayList<>();
    for (String target : List.of("/api/sales/%zz", "/api/sales/%", "/api/sales/%00", "/api/sales/%FF%FE",
        "/%2e%2e/%2e%2e/etc/passwd", "/api/orders/" + "9".repeat(20_000))) {
      check(violations, RawHttp.send(api.port(), "GET", target, List.of(), null), true);
      check(violations, RawHttp.send(api.port(), "POST", target, List.of("Content-Type: application/json"),
          "{}".getBytes(StandardCharsets.UTF_8)), true);
    }
    check(violations, RawHttp.send(api.port(), "GET", "/api/sales/" + saleId,
        List.of("X-Padding: " + "p".repeat(20_000)), null), true);
    assertThat(violations).as("answers that break the contract's error model").isEmpty();
  }

  @Test
  void unusual_methods_on_known_routes_are_answered_with_json() {
    List<String> violations = new ArrayList<>();
    for (String path : List.of("/api/sales", "/api/sales/" + saleId, "/api/sales/" + saleId + "/orders",
        "/api/orders/" + orderId, "/api/orders/" + orderId + "/payment", "/api/admin/sales", "/health/live",
        "/openapi.json")) {
      for (String method : List.of("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "FOO")) {
        check(violations, RawHttp.send(api.port(), method, path, List.of("Content-Type: application/json"),
            "{}".getBytes(StandardCharsets.UTF_8)), false);
      }
    }
    assertThat(violations).as("answers that break the contract's error model").isEmpty();
  }

  @Test
  void odd_headers_are_answered_with_json() {
    String orders = "/api/sales/" + saleId + "/orders";
    byte[] body = Api.orderBody(Api.newId("user"), "tee", 1).getBytes(StandardCharsets.UTF_8);
    List<List<String>> headerSets = List.of(
        List.of("Idempotency-Key: "),
        List.of("Idempotency-Key: key with spaces"),
        List.of("Idempotency-Key: \u00e9\u00e8"),
        List.of("Idempotency-Key: " + "k".repeat(4_000)),
        List.of("Idempotency-Key: a", "Idempotency-Key: b"),
        List.of("Content-Type: text/html"),
        List.of("Content-Type: application/json; charset=ebcdic"),
        List.of("Content-Type: multipart/form-data; boundary=x"),
        List.of("Content-Encoding: gzip"),
        List.of("Authorization: Bearer " + "t".repeat(5_000)),
        List.of("X-Request-Id: <script>alert(1)</script>"),
        List.of("Accept: text/html"),
        List.of("Accept: application/xml"),
        List.of("Expect: 100-continue"));
    List<String> violations = new ArrayList<>();
    for (List<String> headers : headerSets) {
      check(violations, RawHttp.send(api.port(), "POST", orders, headers, body), false);
      check(violations, RawHttp.send(api.port(), "POST", "/api/admin/sales", headers, "{}".getBytes(StandardCharsets.UTF_8)),
          false);
      check(violations, RawHttp.send(api.port(), "GET", "/api/sales/" + saleId, headers, null), false);
    }
    assertThat(violations).as("answers that break the contract's error model").isEmpty();
  }

  @Test
  void a_content_length_larger_than_the_body_sent_is_not_a_server_error() {
    Answer answer = RawHttp.send(api.port(), "POST", "/api/orders/" + orderId + "/cancel",
        List.of("Content-Length: 999999999", "Content-Type: application/json"), null);

    assertThat(answer.status()).as(answer.describe()).isLessThan(500);
    answer.expectCleanRejection();
  }

  private static List<String> bodyRoutes() {
    return List.of("/api/sales/" + saleId + "/orders", "/api/orders/" + orderId + "/payment", "/api/admin/sales");
  }

  private static Answer post(String path, byte[] body, String contentType) {
    HttpRequest.Builder request = api.request(path).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (path.startsWith("/api/admin/")) {
      request.header("Authorization", "Bearer " + LiveServer.ADMIN_TOKEN);
    }
    return api.send(request);
  }

  /**
   * Records a violation: a 5xx, an answer that is not JSON, a rejection without an error code, or stack trace
   * text. With {@code mustReject}, anything but a 4xx is a violation too.
   */
  private static void check(List<String> violations, Answer answer, boolean mustReject) {
    try {
      if (mustReject || answer.status() >= 400) {
        answer.expectCleanRejection();
      } else {
        assertThat(answer.status()).as(answer.describe()).isLessThan(500);
        assertThat(answer.contentType()).as("Content-Type of " + answer.describe()).startsWith("application/json");
        answer.json();
        assertThat(answer.body()).as(answer.describe()).doesNotContain("Exception").doesNotContain("at com.");
      }
    } catch (AssertionError violation) {
      violations.add(answer.describe().replaceAll("\\s+", " "));
    }
  }
}
