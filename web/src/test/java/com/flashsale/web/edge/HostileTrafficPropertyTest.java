package com.flashsale.web.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.web.ApiServer;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.EdgeCluster;
import com.flashsale.web.testing.RawHttp;
import com.flashsale.web.testing.TestSale;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Thousands of random requests against a real API (jqwik): random methods, paths built from the real routes
 * with hostile segments, odd headers and bodies from valid orders to garbage. Whatever comes in, the answer is
 * never a 5xx nor a stack trace, every error is the contract's JSON, and after every batch the stock adds up:
 * per product, {@code 0 <= available <= stock} and {@code stock == available + units the users hold}.
 */
class HostileTrafficPropertyTest {

  private static final List<String> USERS = List.of("fuzz-u0", "fuzz-u1", "fuzz-u2", "fuzz-u3");
  private static final Map<String, Integer> STOCK = Map.of("tee", 5, "cap", 40);

  private static ApiServer server;
  private static Api api;
  private static String saleId;

  record RawRequest(String method, String target, List<String> headers, byte[] body) {
    @Override
    public String toString() {
      return method + " " + target + " " + headers + " " + (body == null ? "-" : new String(body, StandardCharsets.UTF_8));
    }
  }

  @BeforeContainer
  static void start() {
    // Four users place most of these requests: under the default per-user rate nearly all would be 429, and the
    // placements whose stock this test adds up would hardly reach the grid.
    server = EdgeCluster.shared().start(1, EdgeSettings.defaults().withRates(null, null));
    api = EdgeCluster.shared().client(server);
    TestSale sale = TestSale.active().product("tee", "19.99", STOCK.get("tee")).product("cap", "5.00", STOCK.get("cap"))
        .perUserLimit(3);
    saleId = api.create(sale);
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  @Property(tries = 600, shrinking = ShrinkingMode.BOUNDED)
  void no_request_gets_a_5xx_or_a_stack_trace_and_the_stock_always_adds_up(
      @ForAll("requests") List<RawRequest> batch) {
    for (RawRequest request : batch) {
      Answer answer = RawHttp.send(api.port(), request.method(), request.target(), request.headers(), request.body());
      assertThat(answer.status()).as(answer.describe()).isLessThan(500);
      assertThat(answer.body()).as(answer.describe()).doesNotContain("Exception").doesNotContain("\tat ");
      if (answer.status() >= 400) {
        answer.expectCleanRejection();
      }
    }
    assertStockAddsUp();
  }

  private static void assertStockAddsUp() {
    JsonNode sale = api.get("/api/sales/" + saleId).expect(200);
    for (JsonNode product : sale.path("products")) {
      String productId = product.path("productId").asText();
      int available = product.path("available").asInt();
      int held = 0;
      for (String user : USERS) {
        for (JsonNode order : api.get("/api/users/" + user + "/orders").expect(200)) {
          boolean holds = !order.path("status").asText().equals("CANCELLED");
          if (holds && order.path("saleId").asText().equals(saleId) && order.path("productId").asText().equals(productId)) {
            held += order.path("quantity").asInt();
          }
        }
      }
      assertThat(available).as("available of " + productId).isBetween(0, STOCK.get(productId));
      assertThat(available + held).as("available + held of " + productId).isEqualTo(STOCK.get(productId));
    }
  }

  @Provide
  Arbitrary<List<RawRequest>> requests() {
    Arbitrary<RawRequest> request = Combinators.combine(methods(), targets(), headers(), bodies())
        .as(RawRequest::new);
    return request.list().ofMinSize(1).ofMaxSize(8);
  }

  private static Arbitrary<String> methods() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.just("POST")),
        net.jqwik.api.Tuple.of(4, Arbitraries.just("GET")),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO")));
  }

  private static Arbitrary<String> segment() {
    Arbitrary<String> hostile = Arbitraries.strings().withChars("abcXYZ019._:-%~!$&'()*+,;=@").ofMinLength(0).ofMaxLength(80);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, Arbitraries.just(saleId)),
        net.jqwik.api.Tuple.of(3, Arbitraries.of("tee", "cap", "nope", "12345", "-1", "99999999999999999999999", "..",
            "%2e%2e", "%00", "%C3%A9t%C3%A9", "%ZZ", "a".repeat(65), "a".repeat(3000))),
        net.jqwik.api.Tuple.of(3, hostile));
  }

  private static Arbitrary<String> targets() {
    Arbitrary<String> template = Arbitraries.of("/api/sales/%s/orders", "/api/sales/%s", "/api/sales/%s/products/%s",
        "/api/orders/%s", "/api/orders/%s/payment", "/api/orders/%s/cancel", "/api/users/%s/orders", "/api/sales?status=%s",
        "/api/challenge", "/api/admin/sales/%s/end", "/%s", "/api/%s/%s/%s");
    return Combinators.combine(template, segment(), segment(), segment())
        .as((pattern, a, b, c) -> String.format(pattern, a, b, c));
  }

  private static Arbitrary<List<String>> headers() {
    Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200);
    Arbitrary<String> header = Arbitraries.oneOf(
        Arbitraries.of("Content-Type: application/json", "Content-Type: text/plain", "Content-Type: application/json; charset=latin1",
            "Authorization: Bearer x.y.z", "Authorization: Basic Zm9vOmJhcg==", "Transfer-Encoding: gzip",
            "Expect: 100-continue", "X-Altcha: " + "A".repeat(5000), "X-Big: " + "b".repeat(9000)),
        value.map(v -> "Idempotency-Key: " + v),
        value.map(v -> "X-Altcha: " + v),
        value.map(v -> "Authorization: " + v),
        value.map(v -> "X-Request-Id: " + v));
    return header.list().ofMaxSize(4);
  }

  private static Arbitrary<byte[]> bodies() {
    Arbitrary<String> orders = Combinators.combine(Arbitraries.of(USERS), Arbitraries.of("tee", "cap", "nope"),
        Arbitraries.integers().between(-1, 4)).as(Api::orderBody);
    Arbitrary<String> garbage = Arbitraries.strings().ofMaxLength(300);
    Arbitrary<String> jsonish = Arbitraries.of("{}", "[]", "null", "{\"userId\":1}", "{\"quantity\":1.5}",
        "{\"userId\":\"fuzz-u0\",\"productId\":\"tee\",\"quantity\":\"1\"}", "{\"outcome\":\"SUCCEEDED\"}",
        "{\"outcome\":\"FAILED\",\"paymentRef\":" + "\"r\"".repeat(2) + "}", "[".repeat(5000), "{\"a\":" + "1".repeat(2000) + "}",
        "{\"userId\":\"fuzz-u1\",\"userId\":\"fuzz-u2\",\"productId\":\"tee\",\"quantity\":1}");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, orders.map(text -> text.getBytes(StandardCharsets.UTF_8))),
        net.jqwik.api.Tuple.of(3, jsonish.map(text -> text.getBytes(StandardCharsets.UTF_8))),
        net.jqwik.api.Tuple.of(2, garbage.map(text -> text.getBytes(StandardCharsets.UTF_8))),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new byte[17 * 1024])),
        net.jqwik.api.Tuple.of(2, Arbitraries.just((byte[]) null)));
  }
}
