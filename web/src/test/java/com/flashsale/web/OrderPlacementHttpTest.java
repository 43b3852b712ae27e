package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hot path, {@code POST /api/sales/{saleId}/orders}: the order it creates and every rejection in the
 * contract's table, each with the extra fields it names. A rejection never takes stock.
 */
@ExtendWith(LiveServer.class)
class OrderPlacementHttpTest {

  private static Api api;

  @BeforeAll
  static void connect(Api server) {
    api = server;
  }

  @Test
  void placing_an_order_answers_201_with_a_pending_order_that_expires_after_the_payment_window() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).perUserLimit(2));
    String userId = Api.newId("user");

    JsonNode order = api.place(saleId, userId, "tee", 2).expect(201);

    assertThat(order.path("orderId").isTextual()).as("orderId is a string").isTrue();
    assertThat(order.path("orderId").asText()).as("the order number, a dash and its product's shard")
        .matches("[0-9]{1,19}-[0-9]{1,4}");
    assertThat(order.path("saleId").asText()).isEqualTo(saleId);
    assertThat(order.path("productId").asText()).isEqualTo("tee");
    assertThat(order.path("userId").asText()).isEqualTo(userId);
    assertThat(order.path("quantity").asInt()).isEqualTo(2);
    assertThat(order.path("unitPrice").isTextual()).as("unitPrice is a decimal string").isTrue();
    assertThat(order.path("unitPrice").asText()).isEqualTo("19.99");
    assertThat(order.path("currency").asText()).isEqualTo("EUR");
    assertThat(order.path("status").asText()).isEqualTo("PENDING");
    assertThat(order.has("cancelReason")).isFalse();
    Instant createdAt = Instant.parse(order.path("createdAt").asText());
    assertThat(Instant.parse(order.path("updatedAt").asText())).isEqualTo(createdAt);
    assertThat(Instant.parse(order.path("expiresAt").asText())).isEqualTo(createdAt.plus(Duration.ofSeconds(300)));
    assertThat(createdAt).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
  }

  @Test
  void placing_an_order_takes_its_units_from_what_is_available() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).perUserLimit(3));

    api.placed(saleId, Api.newId("user"), "tee", 3);

    assertThat(api.available(saleId, "tee")).isEqualTo(7);
  }

  @Test
  void an_order_in_a_sale_without_a_payment_window_is_confirmed_at_once_and_never_expires() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).paymentWindowSeconds(0));

    JsonNode order = api.place(saleId, Api.newId("user"), "tee", 1).expect(201);

    assertThat(order.path("status").asText()).isEqualTo("CONFIRMED");
    assertThat(order.has("expiresAt")).as("a confirmed order has no expiresAt: " + order).isFalse();
    assertThat(api.available(saleId, "tee")).isEqualTo(9);
  }

  @Test
  void an_order_in_an_unknown_sale_is_404_sale_not_found() {
    api.place(Api.newId("missing"), Api.newId("user"), "tee", 1).expectError(404, "SALE_NOT_FOUND");
  }

  @Test
  void an_order_for_a_product_that_is_not_in_the_sale_is_404_product_not_found() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));

    api.place(saleId, Api.newId("user"), "mug", 1).expectError(404, "PRODUCT_NOT_FOUND");
  }

  @Test
  void an_order_in_an_upcoming_sale_is_409_sale_not_active_with_its_status() {
    String saleId = api.create(TestSale.upcoming().product("tee", "19.99", 10));

    JsonNode error = api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SALE_NOT_ACTIVE");

    assertThat(error.path("status").asText()).isEqualTo("UPCOMING");
    assertThat(api.available(saleId, "tee")).isEqualTo(10);
  }

  @Test
  void an_order_in_a_sale_whose_window_has_closed_is_409_sale_not_active_with_status_ended() {
    String saleId = api.create(TestSale.ended().product("tee", "19.99", 10));

    JsonNode error = api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SALE_NOT_ACTIVE");

    assertThat(error.path("status").asText()).isEqualTo("ENDED");
  }

  @Test
  void an_order_in_a_sale_an_operator_ended_is_409_sale_not_active_with_status_ended() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    api.adminPost("/api/admin/sales/" + saleId + "/end", null).expect(200);

    JsonNode error = api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SALE_NOT_ACTIVE");

    assertThat(error.path("status").asText()).isEqualTo("ENDED");
    assertThat(api.available(saleId, "tee")).isEqualTo(10);
  }

  @Test
  void an_order_for_a_product_with_nothing_available_is_409_sold_out() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 2).perUserLimit(2));
    api.placed(saleId, Api.newId("user"), "tee", 2);

    api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SOLD_OUT");
  }

  @Test
  void an_order_for_a_product_with_no_stock_at_all_is_409_sold_out() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 0));

    api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SOLD_OUT");
  }

  @Test
  void a_sold_out_product_sells_again_as_soon_as_a_cancellation_returns_its_units() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 1));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SOLD_OUT");

    api.cancel(orderId).expect(200);

    api.place(saleId, Api.newId("user"), "tee", 1).expect(201);
    assertThat(api.available(saleId, "tee")).isZero();
    api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SOLD_OUT");
  }

  @Test
  void a_sold_out_product_sells_again_once_an_unpaid_order_expires() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 1).paymentWindowSeconds(1));
    api.placed(saleId, Api.newId("user"), "tee", 1);
    String latecomer = Api.newId("user");
    api.place(saleId, latecomer, "tee", 1).expectError(409, "SOLD_OUT");

    // Only placements are sent: the expiry alone must return the unit.
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> api.place(saleId, latecomer, "tee", 1).status() == 201);

    assertThat(api.available(saleId, "tee")).isZero();
    api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SOLD_OUT");
  }

  @Test
  void a_sold_out_sale_that_an_operator_ended_answers_409_sale_not_active() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 1));
    api.placed(saleId, Api.newId("user"), "tee", 1);
    api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SOLD_OUT");

    api.adminPost("/api/admin/sales/" + saleId + "/end", null).expect(200);

    api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SALE_NOT_ACTIVE");
  }

  @Test
  void an_order_for_more_than_is_available_is_409_insufficient_stock_with_the_available_units() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 5).perUserLimit(5));
    api.placed(saleId, Api.newId("user"), "tee", 3);

    JsonNode error = api.place(saleId, Api.newId("user"), "tee", 3).expectError(409, "INSUFFICIENT_STOCK");

    assertThat(error.path("available").isInt()).as("available is a number in " + error).isTrue();
    assertThat(error.path("available").asInt()).isEqualTo(2);
    assertThat(api.available(saleId, "tee")).isEqualTo(2);
  }

  @Test
  void an_order_that_takes_a_user_past_the_per_user_limit_is_409_limit_exceeded_with_limit_and_held() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).perUserLimit(3));
    String userId = Api.newId("user");
    api.placed(saleId, userId, "tee", 2);

    JsonNode error = api.place(saleId, userId, "tee", 2).expectError(409, "LIMIT_EXCEEDED");

    assertThat(error.path("limit").isInt()).as("limit is a number in " + error).isTrue();
    assertThat(error.path("limit").asInt()).isEqualTo(3);
    assertThat(error.path("held").isInt()).as("held is a number in " + error).isTrue();
    assertThat(error.path("held").asInt()).isEqualTo(2);
    assertThat(api.available(saleId, "tee")).isEqualTo(8);
  }

  @Test
  void a_single_order_larger_than_the_per_user_limit_is_409_limit_exceeded_with_nothing_held() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));

    JsonNode error = api.place(saleId, Api.newId("user"), "tee", 2).expectError(409, "LIMIT_EXCEEDED");

    assertThat(error.path("limit").asInt()).isEqualTo(1);
    assertThat(error.path("held").asInt()).isEqualTo(0);
  }

  @Test
  void the_per_user_limit_counts_confirmed_orders_but_not_cancelled_ones() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).perUserLimit(2));
    String userId = Api.newId("user");
    String confirmed = api.placed(saleId, userId, "tee", 1).path("orderId").asText();
    api.pay(confirmed, "SUCCEEDED").expect(200);
    String cancelled = api.placed(saleId, userId, "tee", 1).path("orderId").asText();
    api.cancel(cancelled).expect(200);

    api.placed(saleId, userId, "tee", 1);
    JsonNode error = api.place(saleId, userId, "tee", 1).expectError(409, "LIMIT_EXCEEDED");

    assertThat(error.path("held").asInt()).isEqualTo(2);
  }

  @Test
  void the_per_user_limit_applies_to_each_product_and_each_user_separately() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).product("cap", "5.00", 10));
    String userId = Api.newId("user");
    api.placed(saleId, userId, "tee", 1);

    api.placed(saleId, userId, "cap", 1);
    api.placed(saleId, Api.newId("user"), "tee", 1);

    assertThat(api.available(saleId, "tee")).isEqualTo(8);
    assertThat(api.available(saleId, "cap")).isEqualTo(9);
  }
}
