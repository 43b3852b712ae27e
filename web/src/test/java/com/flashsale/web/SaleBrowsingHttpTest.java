package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a shopper browses: the list of sales, one sale with its products, one product's live figures. */
@ExtendWith(LiveServer.class)
class SaleBrowsingHttpTest {

  private static Api api;

  @BeforeAll
  static void connect(Api server) {
    api = server;
  }

  @Test
  void listing_sales_returns_a_summary_of_each_sale() {
    TestSale sale = TestSale.active().product("tee", "19.99", 10).product("cap", "5.00", 3);
    api.create(sale);

    JsonNode summary = find(api.get("/api/sales").expect(200), sale.saleId());

    assertThat(summary.path("name").asText()).isEqualTo("Test sale");
    assertThat(summary.path("startsAt").asText()).isEqualTo(sale.body().path("startsAt").asText());
    assertThat(summary.path("endsAt").asText()).isEqualTo(sale.body().path("endsAt").asText());
    assertThat(summary.path("status").asText()).isEqualTo("ACTIVE");
    assertThat(summary.path("productCount").asInt()).isEqualTo(2);
    assertThat(summary.has("products")).as("a summary does not list the products").isFalse();
  }

  @Test
  void listing_sales_by_status_returns_only_the_sales_in_that_status() {
    String upcoming = api.create(TestSale.upcoming().product("tee", "1.00", 1));
    String active = api.create(TestSale.active().product("tee", "1.00", 1));
    String ended = api.create(TestSale.ended().product("tee", "1.00", 1));

    assertListing("UPCOMING", upcoming, List.of(active, ended));
    assertListing("ACTIVE", active, List.of(upcoming, ended));
    assertListing("ENDED", ended, List.of(upcoming, active));
  }

  @Test
  void listing_sales_with_an_unknown_status_is_rejected_as_an_invalid_request() {
    api.get("/api/sales?status=BOGUS").expectError(400, "INVALID_REQUEST");
    api.get("/api/sales?status=").expectError(400, "INVALID_REQUEST");
  }

  /**
   * Javalin decides on compression by the length of the first write, and copies each answer through a buffer
   * (ApiServer): an answer of 1,500 bytes or more must come compressed for a client that asks, whatever the buffer.
   */
  @Test
  void a_sale_comes_gzip_compressed_for_a_client_that_asks_from_1500_bytes_on() throws Exception {
    Map<Boolean, Integer> seen = new HashMap<>();
    for (int products = 1; products <= 20 && seen.size() < 2; products++) {
      TestSale definition = TestSale.active();
      for (int i = 0; i < products; i++) {
        definition.product("product-" + i, "9.99", 5);
      }
      String path = "/api/sales/" + api.create(definition);
      int length = send(api.request(path).GET()).body().length;
      if (length >= 3_000) {
        break;
      }
      HttpResponse<byte[]> asked = send(api.request(path).header("Accept-Encoding", "gzip").GET());
      boolean large = length >= 1_500;
      assertThat(asked.headers().firstValue("Content-Encoding"))
          .as("an answer of %d bytes", length).isEqualTo(large ? Optional.of("gzip") : Optional.empty());
      seen.putIfAbsent(large, length);
    }
    assertThat(seen).as("answers on both sides of 1,500 bytes, under 3,000").containsKeys(true, false);
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void a_sale_is_shown_with_its_rules_and_its_products_live_availability() {
    TestSale definition = TestSale.active().product("tee", "19.99", 10).product("cap", "5.00", 3).perUserLimit(4);
    String saleId = api.create(definition);
    api.placed(saleId, Api.newId("user"), "tee", 3);

    JsonNode sale = api.get("/api/sales/" + saleId).expect(200);

    assertThat(sale.path("saleId").asText()).isEqualTo(saleId);
    assertThat(sale.path("name").asText()).isEqualTo("Test sale");
    assertThat(sale.path("status").asText()).isEqualTo("ACTIVE");
    assertThat(sale.path("startsAt").asText()).isEqualTo(definition.body().path("startsAt").asText());
    assertThat(sale.path("endsAt").asText()).isEqualTo(definition.body().path("endsAt").asText());
    assertThat(sale.path("perUserLimit").asInt()).isEqualTo(4);
    assertThat(sale.path("paymentWindowSeconds").asInt()).isEqualTo(300);
    JsonNode tee = sale.path("products").get(0);
    assertThat(tee.path("productId").asText()).isEqualTo("tee");
    assertThat(tee.path("name").asText()).isEqualTo("Product tee");
    assertThat(tee.path("description").asText()).isEqualTo("A product of a test sale");
    assertThat(tee.path("price").isTextual()).as("price is a decimal string").isTrue();
    assertThat(tee.path("price").asText()).isEqualTo("19.99");
    assertThat(tee.path("currency").asText()).isEqualTo("EUR");
    assertThat(tee.path("stock").asInt()).isEqualTo(10);
    assertThat(tee.path("available").asInt()).isEqualTo(7);
    JsonNode cap = sale.path("products").get(1);
    assertThat(cap.path("productId").asText()).isEqualTo("cap");
    assertThat(cap.path("price").asText()).isEqualTo("5.00");
    assertThat(cap.path("available").asInt()).isEqualTo(3);
  }

  @Test
  void an_unknown_sale_is_404_sale_not_found() {
    api.get("/api/sales/" + Api.newId("missing")).expectError(404, "SALE_NOT_FOUND");
  }

  @Test
  void a_sale_id_that_breaks_the_id_rules_is_400_invalid_request() {
    api.get("/api/sales/bad!id").expectError(400, "INVALID_REQUEST");
    api.get("/api/sales/" + "s".repeat(65)).expectError(400, "INVALID_REQUEST");
    api.get("/api/sales/a%20b").expectError(400, "INVALID_REQUEST");
  }

  @Test
  void a_sale_id_of_64_allowed_characters_is_a_valid_id() {
    api.get("/api/sales/" + "A-z.0:9_".repeat(8)).expectError(404, "SALE_NOT_FOUND");
  }

  @Test
  void a_product_is_shown_with_its_live_availability() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).perUserLimit(2));
    api.placed(saleId, Api.newId("user"), "tee", 2);

    JsonNode product = api.get("/api/sales/" + saleId + "/products/tee").expect(200);

    assertThat(product.path("productId").asText()).isEqualTo("tee");
    assertThat(product.path("name").asText()).isEqualTo("Product tee");
    assertThat(product.path("price").asText()).isEqualTo("19.99");
    assertThat(product.path("currency").asText()).isEqualTo("EUR");
    assertThat(product.path("stock").asInt()).isEqualTo(10);
    assertThat(product.path("available").asInt()).isEqualTo(8);
  }

  @Test
  void a_product_of_an_unknown_sale_is_404_sale_not_found() {
    api.get("/api/sales/" + Api.newId("missing") + "/products/tee").expectError(404, "SALE_NOT_FOUND");
  }

  @Test
  void a_product_that_is_not_in_the_sale_is_404_product_not_found() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));

    api.get("/api/sales/" + saleId + "/products/mug").expectError(404, "PRODUCT_NOT_FOUND");
  }

  @Test
  void a_product_id_that_breaks_the_id_rules_is_400_invalid_request() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));

    api.get("/api/sales/" + saleId + "/products/bad!id").expectError(400, "INVALID_REQUEST");
    api.get("/api/sales/" + saleId + "/products/" + "p".repeat(65)).expectError(400, "INVALID_REQUEST");
  }

  private static void assertListing(String status, String expected, List<String> notExpected) {
    JsonNode list = api.get("/api/sales?status=" + status).expect(200);
    List<String> ids = new ArrayList<>();
    list.forEach(summary -> {
      assertThat(summary.path("status").asText()).as("status of " + summary).isEqualTo(status);
      ids.add(summary.path("saleId").asText());
    });
    assertThat(ids).contains(expected).doesNotContainAnyElementsOf(notExpected);
  }

  private static JsonNode find(JsonNode list, String saleId) {
    assertThat(list.isArray()).as("the answer is a JSON array").isTrue();
    for (JsonNode summary : list) {
      if (summary.path("saleId").asText().equals(saleId)) {
        return summary;
      }
    }
    throw new AssertionError("sale " + saleId + " is not listed in " + list);
  }
}
