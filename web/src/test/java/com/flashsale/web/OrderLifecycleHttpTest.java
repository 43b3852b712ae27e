package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An order after it is placed: reading it, paying it (either outcome), cancelling it, letting it expire,
 * and a user's list of orders. Every transition that ends an order gives its units back to {@code available}.
 */
@ExtendWith(LiveServer.class)
class OrderLifecycleHttpTest {

  private static Api api;

  @BeforeAll
  static void connect(Api server) {
    api = server;
  }

  @Test
  void an_order_can_be_read_back_as_it_was_placed() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    JsonNode placed = api.placed(saleId, Api.newId("user"), "tee", 1);

    JsonNode read = api.get("/api/orders/" + placed.path("orderId").asText()).expect(200);

    assertThat(read).isEqualTo(placed);
  }

  @Test
  void an_unknown_order_is_404_order_not_found() {
    api.get("/api/orders/1-0").expectError(404, "ORDER_NOT_FOUND");
    api.get("/api/orders/9223372036854775807-4095").expectError(404, "ORDER_NOT_FOUND");
  }

  @Test
  void paying_or_cancelling_an_unknown_order_is_404_order_not_found() {
    api.pay("12345-0", "SUCCEEDED").expectError(404, "ORDER_NOT_FOUND");
    api.pay("12345-0", "FAILED").expectError(404, "ORDER_NOT_FOUND");
    api.cancel("12345-0").expectError(404, "ORDER_NOT_FOUND");
  }

  @Test
  void a_successful_payment_confirms_a_pending_order_and_keeps_its_units_sold() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();

    JsonNode paid = api.pay(orderId, "SUCCEEDED").expect(200);

    assertThat(paid.path("orderId").asText()).isEqualTo(orderId);
    assertThat(paid.path("status").asText()).isEqualTo("CONFIRMED");
    assertThat(paid.has("expiresAt")).as("a confirmed order has no expiresAt: " + paid).isFalse();
    assertThat(paid.has("cancelReason")).isFalse();
    assertThat(api.order(orderId)).isEqualTo(paid);
    assertThat(api.available(saleId, "tee")).isEqualTo(9);
  }

  @Test
  void repeating_a_successful_payment_answers_200_with_the_same_order() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    JsonNode paid = api.pay(orderId, "SUCCEEDED").expect(200);

    JsonNode repeated = api.pay(orderId, "SUCCEEDED").expect(200);

    assertThat(repeated).isEqualTo(paid);
    assertThat(api.available(saleId, "tee")).isEqualTo(9);
  }

  @Test
  void a_failed_payment_cancels_the_order_and_returns_its_units() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).perUserLimit(3));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 3).path("orderId").asText();
    assertThat(api.available(saleId, "tee")).isEqualTo(7);

    JsonNode failed = api.pay(orderId, "FAILED").expect(200);

    assertThat(failed.path("status").asText()).isEqualTo("CANCELLED");
    assertThat(failed.path("cancelReason").asText()).isEqualTo("PAYMENT_FAILED");
    assertThat(failed.has("expiresAt")).isFalse();
    assertThat(api.available(saleId, "tee")).isEqualTo(10);
  }

  @Test
  void repeating_a_failed_payment_answers_200_with_the_same_order_and_returns_nothing_twice() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).perUserLimit(2));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 2).path("orderId").asText();
    JsonNode failed = api.pay(orderId, "FAILED").expect(200);

    JsonNode repeated = api.pay(orderId, "FAILED").expect(200);

    assertThat(repeated).isEqualTo(failed);
    assertThat(api.available(saleId, "tee")).isEqualTo(10);
  }

  @Test
  void a_failed_payment_on_a_confirmed_order_is_409_order_not_pending() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    api.pay(orderId, "SUCCEEDED").expect(200);

    api.pay(orderId, "FAILED").expectError(409, "ORDER_NOT_PENDING");

    assertThat(api.order(orderId).path("status").asText()).isEqualTo("CONFIRMED");
    assertThat(api.available(saleId, "tee")).isEqualTo(9);
  }

  @Test
  void a_successful_payment_on_a_cancelled_order_is_409_order_not_pending() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    api.cancel(orderId).expect(200);

    api.pay(orderId, "SUCCEEDED").expectError(409, "ORDER_NOT_PENDING");

    assertThat(api.order(orderId).path("status").asText()).isEqualTo("CANCELLED");
    assertThat(api.available(saleId, "tee")).isEqualTo(10);
  }

  @Test
  void a_payment_with_an_outcome_other_than_succeeded_or_failed_is_400_invalid_request() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    String path = "/api/orders/" + orderId + "/payment";

    for (String body : List.of("{\"outcome\":\"MAYBE\"}", "{\"outcome\":\"succeeded\"}", "{\"outcome\":1}",
        "{\"outcome\":null}", "{}", "{\"paymentRef\":\"psp-1\"}", "{\"outcome\":\"SUCCEEDED\",\"paymentRef\":5}",
        "{\"outcome\":\"SUCCEEDED\",\"paymentRef\":\"" + "r".repeat(129) + "\"}", "[]", "", "{\"outcome\":")) {
      api.post(path, body).expectError(400, "INVALID_REQUEST");
    }

    assertThat(api.order(orderId).path("status").asText()).isEqualTo("PENDING");
  }

  @Test
  void cancelling_a_pending_order_cancels_it_as_user_cancelled_and_returns_its_units() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).perUserLimit(2));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 2).path("orderId").asText();

    JsonNode cancelled = api.cancel(orderId).expect(200);

    assertThat(cancelled.path("orderId").asText()).isEqualTo(orderId);
    assertThat(cancelled.path("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.path("cancelReason").asText()).isEqualTo("USER_CANCELLED");
    assertThat(cancelled.has("expiresAt")).isFalse();
    assertThat(api.available(saleId, "tee")).isEqualTo(10);
  }

  @Test
  void repeating_a_cancel_answers_200_with_the_same_order_and_returns_nothing_twice() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    JsonNode cancelled = api.cancel(orderId).expect(200);

    JsonNode repeated = api.cancel(orderId).expect(200);

    assertThat(repeated).isEqualTo(cancelled);
    assertThat(api.available(saleId, "tee")).isEqualTo(10);
  }

  @Test
  void cancelling_a_confirmed_order_is_409_order_not_pending() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    api.pay(orderId, "SUCCEEDED").expect(200);

    JsonNode error = api.cancel(orderId).expectError(409, "ORDER_NOT_PENDING");

    assertThat(error.path("status").asText()).isEqualTo("CONFIRMED");
    assertThat(api.available(saleId, "tee")).isEqualTo(9);
  }

  @Test
  void cancelling_an_order_cancelled_by_a_failed_payment_is_409_order_not_pending() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    api.pay(orderId, "FAILED").expect(200);

    api.cancel(orderId).expectError(409, "ORDER_NOT_PENDING");

    assertThat(api.order(orderId).path("cancelReason").asText()).isEqualTo("PAYMENT_FAILED");
  }

  @Test
  void an_unpaid_order_expires_after_its_payment_window_and_its_units_return() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).perUserLimit(2).paymentWindowSeconds(1));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 2).path("orderId").asText();
    assertThat(api.available(saleId, "tee")).isEqualTo(8);

    // The sweeper, not a read of the order, must give the units back: only the product is polled.
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> api.available(saleId, "tee") == 10);

    JsonNode expired = api.order(orderId);
    assertThat(expired.path("status").asText()).isEqualTo("CANCELLED");
    assertThat(expired.path("cancelReason").asText()).isEqualTo("EXPIRED");
    assertThat(expired.has("expiresAt")).isFalse();
  }

  @Test
  void paying_an_expired_order_is_409_order_not_pending() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).paymentWindowSeconds(1));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> api.order(orderId).path("status").asText().equals("CANCELLED"));

    api.pay(orderId, "SUCCEEDED").expectError(409, "ORDER_NOT_PENDING");

    assertThat(api.order(orderId).path("cancelReason").asText()).isEqualTo("EXPIRED");
    assertThat(api.available(saleId, "tee")).isEqualTo(10);
  }

  @Test
  void a_users_orders_are_listed_newest_first() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).product("cap", "5.00", 10)
        .product("mug", "7.50", 10));
    String userId = Api.newId("user");
    List<String> placed = new ArrayList<>();
    for (String productId : List.of("tee", "cap", "mug")) {
      placed.add(0, api.placed(saleId, userId, productId, 1).path("orderId").asText());
    }
    api.placed(saleId, Api.newId("someone-else"), "tee", 1);

    JsonNode orders = api.get("/api/users/" + userId + "/orders").expect(200);

    assertThat(orders.findValuesAsText("orderId")).containsExactlyElementsOf(placed);
    assertThat(orders.findValuesAsText("userId")).containsOnly(userId);
    assertThat(orders.get(0).path("productId").asText()).isEqualTo("mug");
  }

  @Test
  void a_user_without_orders_has_an_empty_list() {
    JsonNode orders = api.get("/api/users/" + Api.newId("nobody") + "/orders").expect(200);

    assertThat(orders.isArray()).isTrue();
    assertThat(orders).isEmpty();
  }

  @Test
  void a_user_id_that_breaks_the_id_rules_is_400_invalid_request() {
    api.get("/api/users/bad!id/orders").expectError(400, "INVALID_REQUEST");
    api.get("/api/users/" + "u".repeat(65) + "/orders").expectError(400, "INVALID_REQUEST");
  }
}
