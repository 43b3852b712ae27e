package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code Idempotency-Key} header on placing an order: a retried request gets the order the first call
 * created (200) and takes no more stock; the key with another request is 422; a key over 128 characters is 400.
 */
@ExtendWith(LiveServer.class)
class IdempotencyHttpTest {

  private static Api api;

  @BeforeAll
  static void connect(Api server) {
    api = server;
  }

  @Test
  void the_same_key_with_the_same_body_returns_the_first_order_with_200_and_takes_no_more_stock() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).perUserLimit(5));
    String userId = Api.newId("user");
    String key = UUID.randomUUID().toString();

    JsonNode first = api.place(saleId, userId, "tee", 2, "Idempotency-Key", key).expect(201);
    JsonNode replay = api.place(saleId, userId, "tee", 2, "Idempotency-Key", key).expect(200);
    JsonNode again = api.place(saleId, userId, "tee", 2, "Idempotency-Key", key).expect(200);

    assertThat(replay).isEqualTo(first);
    assertThat(again).isEqualTo(first);
    assertThat(api.available(saleId, "tee")).isEqualTo(8);
    assertThat(api.get("/api/users/" + userId + "/orders").expect(200)).hasSize(1);
  }

  @Test
  void the_same_key_with_a_different_body_is_422_idempotency_key_reused_and_takes_nothing() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).perUserLimit(5));
    String userId = Api.newId("user");
    String key = UUID.randomUUID().toString();
    api.place(saleId, userId, "tee", 1, "Idempotency-Key", key).expect(201);

    api.place(saleId, userId, "tee", 2, "Idempotency-Key", key).expectError(422, "IDEMPOTENCY_KEY_REUSED");
    api.place(saleId, Api.newId("user"), "tee", 1, "Idempotency-Key", key).expectError(422, "IDEMPOTENCY_KEY_REUSED");

    assertThat(api.available(saleId, "tee")).isEqualTo(9);
    assertThat(api.get("/api/users/" + userId + "/orders").expect(200)).hasSize(1);
  }

  @Test
  void a_key_whose_request_was_rejected_stays_bound_to_that_request_which_may_try_again() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 1).perUserLimit(5));
    String userId = Api.newId("user");
    String key = UUID.randomUUID().toString();
    JsonNode holder = api.place(saleId, Api.newId("user"), "tee", 1).expect(201);

    api.place(saleId, userId, "tee", 1, "Idempotency-Key", key).expectError(409, "SOLD_OUT");
    api.place(saleId, userId, "tee", 2, "Idempotency-Key", key).expectError(422, "IDEMPOTENCY_KEY_REUSED");
    api.post("/api/orders/" + holder.get("orderId").asText() + "/cancel", "").expect(200);
    JsonNode retried = api.place(saleId, userId, "tee", 1, "Idempotency-Key", key).expect(201);

    assertThat(api.place(saleId, userId, "tee", 1, "Idempotency-Key", key).expect(200)).isEqualTo(retried);
    assertThat(api.available(saleId, "tee")).isZero();
  }

  @Test
  void the_same_key_on_another_sale_is_422_idempotency_key_reused() {
    String firstSale = api.create(TestSale.active().product("tee", "19.99", 10));
    String secondSale = api.create(TestSale.active().product("tee", "19.99", 10));
    String userId = Api.newId("user");
    String key = UUID.randomUUID().toString();
    api.place(firstSale, userId, "tee", 1, "Idempotency-Key", key).expect(201);

    api.place(secondSale, userId, "tee", 1, "Idempotency-Key", key).expectError(422, "IDEMPOTENCY_KEY_REUSED");

    assertThat(api.available(secondSale, "tee")).isEqualTo(10);
  }

  @Test
  void a_replay_after_the_order_was_cancelled_returns_that_order_and_takes_nothing() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    String userId = Api.newId("user");
    String key = UUID.randomUUID().toString();
    String orderId = api.place(saleId, userId, "tee", 1, "Idempotency-Key", key).expect(201).path("orderId").asText();
    api.cancel(orderId).expect(200);

    JsonNode replay = api.place(saleId, userId, "tee", 1, "Idempotency-Key", key).expect(200);

    assertThat(replay.path("orderId").asText()).isEqualTo(orderId);
    assertThat(replay.path("status").asText()).isEqualTo("CANCELLED");
    assertThat(api.available(saleId, "tee")).isEqualTo(10);
  }

  @Test
  void different_keys_place_different_orders() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).perUserLimit(5));
    String userId = Api.newId("user");

    String first = api.place(saleId, userId, "tee", 1, "Idempotency-Key", UUID.randomUUID().toString())
        .expect(201).path("orderId").asText();
    String second = api.place(saleId, userId, "tee", 1, "Idempotency-Key", UUID.randomUUID().toString())
        .expect(201).path("orderId").asText();

    assertThat(second).isNotEqualTo(first);
    assertThat(api.available(saleId, "tee")).isEqualTo(8);
  }

  @Test
  void a_key_of_128_characters_is_accepted() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));

    String key = (UUID.randomUUID() + "k".repeat(128)).substring(0, 128);

    api.place(saleId, Api.newId("user"), "tee", 1, "Idempotency-Key", key).expect(201);
  }

  @Test
  void a_key_over_128_characters_is_400_invalid_request_and_takes_nothing() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    String key = (UUID.randomUUID() + "k".repeat(129)).substring(0, 129);

    api.place(saleId, Api.newId("user"), "tee", 1, "Idempotency-Key", key)
        .expectError(400, "INVALID_REQUEST");

    assertThat(api.available(saleId, "tee")).isEqualTo(10);
  }
}
