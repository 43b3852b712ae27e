package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the hot path does with a request it cannot take as it is: 400 INVALID_REQUEST for anything that is
 * not {@code {"userId","productId","quantity"}} with valid ids and a whole quantity of at least 1, 413 for a
 * body over 16 KiB. None of them takes stock, none is a 500.
 */
@ExtendWith(LiveServer.class)
class OrderRequestValidationHttpTest {

  private static final int STOCK = 1000;

  private static Api api;
  private String saleId;

  @BeforeAll
  static void connect(Api server) {
    api = server;
  }

  /** Each test gets a sale of its own, so that "nothing was taken" is exact. */
  @BeforeEach
  void createSale() {
    saleId = api.create(TestSale.active().product("tee", "19.99", STOCK).perUserLimit(STOCK));
  }

  @Test
  void malformed_json_is_400_invalid_request() {
    placeRaw("{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":1").expectError(400, "INVALID_REQUEST");
    placeRaw("{userId: 'u1'}").expectError(400, "INVALID_REQUEST");
    placeRaw("not json at all").expectError(400, "INVALID_REQUEST");
    assertNothingTaken();
  }

  @Test
  void json_followed_by_trailing_garbage_is_400_invalid_request() {
    placeRaw(Api.orderBody("u1", "tee", 1) + " {}").expectError(400, "INVALID_REQUEST");
    assertNothingTaken();
  }

  @Test
  void an_empty_body_is_400_invalid_request() {
    placeRaw("").expectError(400, "INVALID_REQUEST");
    api.post("/api/sales/" + saleId + "/orders", null).expectError(400, "INVALID_REQUEST");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"[]", "[{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":1}]", "null", "\"text\"", "42",
      "true"})
  void a_body_that_is_json_but_not_an_object_is_400_invalid_request(String body) {
    placeRaw(body).expectError(400, "INVALID_REQUEST");
    assertNothingTaken();
  }

  @Test
  void a_body_with_a_duplicate_key_is_400_invalid_request() {
    placeRaw("{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":1,\"quantity\":2}").expectError(400,
        "INVALID_REQUEST");
    assertNothingTaken();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{\"productId\":\"tee\",\"quantity\":1}",
      "{\"userId\":\"u1\",\"quantity\":1}",
      "{\"userId\":\"u1\",\"productId\":\"tee\"}",
      "{}"})
  void a_missing_field_is_400_invalid_request(String body) {
    placeRaw(body).expectError(400, "INVALID_REQUEST");
    assertNothingTaken();
  }

  @ParameterizedTest(name = "quantity {0}")
  @ValueSource(strings = {"\"2\"", "2.5", "2.0", "0", "-1", "true", "null", "[1]", "{}", "1e400",
      "99999999999999999999", "2147483648", "1000001"})
  void a_quantity_that_is_not_a_whole_number_of_at_least_one_is_400_invalid_request(String quantity) {
    placeRaw("{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":" + quantity + "}").expectError(400,
        "INVALID_REQUEST");
    assertNothingTaken();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{\"userId\":5,\"productId\":\"tee\",\"quantity\":1}",
      "{\"userId\":null,\"productId\":\"tee\",\"quantity\":1}",
      "{\"userId\":[\"u1\"],\"productId\":\"tee\",\"quantity\":1}",
      "{\"userId\":\"u1\",\"productId\":null,\"quantity\":1}",
      "{\"userId\":\"u1\",\"productId\":7,\"quantity\":1}",
      "{\"userId\":\"u1\",\"productId\":{\"id\":\"tee\"},\"quantity\":1}"})
  void an_id_field_of_the_wrong_type_is_400_invalid_request(String body) {
    placeRaw(body).expectError(400, "INVALID_REQUEST");
    assertNothingTaken();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"bad!id", "", "a b", "caf\u00e9", "../tee", "a/b"})
  void an_id_in_the_body_that_breaks_the_id_rules_is_400_invalid_request(String badId) {
    String quoted = Api.orderBody(badId, "tee", 1);
    placeRaw(quoted).expectError(400, "INVALID_REQUEST");
    placeRaw(Api.orderBody("u1", badId, 1)).expectError(400, "INVALID_REQUEST");
    placeRaw(Api.orderBody("u".repeat(65), "tee", 1)).expectError(400, "INVALID_REQUEST");
    assertNothingTaken();
  }

  @Test
  void a_sale_id_in_the_path_that_breaks_the_id_rules_is_400_invalid_request() {
    api.post("/api/sales/bad!id/orders", Api.orderBody("u1", "tee", 1)).expectError(400, "INVALID_REQUEST");
    api.post("/api/sales/" + "s".repeat(65) + "/orders", Api.orderBody("u1", "tee", 1))
        .expectError(400, "INVALID_REQUEST");
  }

  @Test
  void a_shopper_body_over_16_KiB_is_413() {
    String oversize = padded(Api.orderBody(Api.newId("user"), "tee", 1), 16 * 1024 + 1);

    api.post("/api/sales/" + saleId + "/orders", oversize).expectError(413, "PAYLOAD_TOO_LARGE");
    assertNothingTaken();
  }

  @Test
  void a_shopper_body_over_16_KiB_sent_in_chunks_without_a_length_is_413() {
    byte[] oversize = padded(Api.orderBody(Api.newId("user"), "tee", 1), 64 * 1024).getBytes(StandardCharsets.UTF_8);

    api.send(api.request("/api/sales/" + saleId + "/orders")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversize))))
        .expectError(413, "PAYLOAD_TOO_LARGE");
    assertNothingTaken();
  }

  @Test
  void a_shopper_body_of_exactly_16_KiB_is_accepted() {
    String userId = Api.newId("user");
    String body = padded(Api.orderBody(userId, "tee", 1), 16 * 1024);
    assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(16 * 1024);

    JsonNode order = api.post("/api/sales/" + saleId + "/orders", body).expect(201);

    assertThat(order.path("userId").asText()).isEqualTo(userId);
  }

  @Test
  void a_payment_body_over_16_KiB_is_413() {
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    String oversize = padded("{\"outcome\":\"SUCCEEDED\"}", 16 * 1024 + 1);

    api.post("/api/orders/" + orderId + "/payment", oversize).expectError(413, "PAYLOAD_TOO_LARGE");

    assertThat(api.order(orderId).path("status").asText()).isEqualTo("PENDING");
  }

  /** The JSON object with spaces before its closing brace, to exactly {@code bytes} bytes. */
  static String padded(String json, int bytes) {
    int padding = bytes - json.getBytes(StandardCharsets.UTF_8).length;
    return json.substring(0, json.length() - 1) + " ".repeat(padding) + "}";
  }

  private Answer placeRaw(String body) {
    return api.post("/api/sales/" + saleId + "/orders", body);
  }

  /** A rejection must not move stock: the test's own sale still has every unit available. */
  private void assertNothingTaken() {
    assertThat(api.available(saleId, "tee")).as("units available after the rejections").isEqualTo(STOCK);
  }
}
