package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flashsale.node.domain.OrderId;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whatever the API accepts, PostgreSQL stores as answered (contract v2): text with U+0000 or a lone surrogate,
 * instants outside the years 0001..9999 (given or derived) and numbers past their column are 400
 * INVALID_REQUEST naming the field, and text the API did accept (emoji, astral characters) comes back from
 * PostgreSQL, after write-behind, exactly as the API answered it.
 */
@ExtendWith(LiveServer.class)
class StorableInputHttpTest {

  private static final Duration WRITTEN_BEHIND = Duration.ofSeconds(30);
  /** JSON escapes, so that the body itself is plain ASCII and the server's JSON reader makes the odd characters. */
  private static final String NUL = "\\u0000";
  private static final String LONE_HIGH_SURROGATE = "\\ud83c";
  private static final String LONE_LOW_SURROGATE = "\\udf89";

  @Test
  void text_with_u0000_or_an_unpaired_surrogate_is_400_naming_the_field(Api api) {
    assertRefused(api, sale().replace("\"name\":\"Test sale\"", "\"name\":\"Test" + NUL + "sale\""), "name");
    assertRefused(api, sale().replace("\"name\":\"Test sale\"", "\"name\":\"Test " + LONE_HIGH_SURROGATE + "\""), "name");
    assertRefused(api, sale().replace("A product of a test sale", "half " + LONE_LOW_SURROGATE + " an emoji"),
        "products[0].description");
    assertRefused(api, sale().replace("Product tee", LONE_LOW_SURROGATE + LONE_HIGH_SURROGATE), "products[0].name");

    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    for (String paymentRef : new String[] {"psp" + NUL, "psp-" + LONE_HIGH_SURROGATE}) {
      api.post("/api/orders/" + orderId + "/payment", "{\"outcome\":\"SUCCEEDED\",\"paymentRef\":\"" + paymentRef + "\"}")
          .expectError(400, "INVALID_REQUEST");
    }
    assertThat(api.order(orderId).path("status").asText()).as("the refused payments changed nothing").isEqualTo("PENDING");
  }

  @Test
  void instants_outside_the_years_0001_to_9999_given_or_derived_are_400_naming_the_field(Api api) {
    for (String startsAt : new String[] {"0000-12-31T23:59:59Z", "-0001-01-01T00:00:00Z"}) {
      assertRefused(api, withField("startsAt", startsAt), "startsAt");
    }
    assertRefused(api, withField("endsAt", "+10000-01-01T00:00:00Z"), "endsAt");

    ObjectNode lateEnd = TestSale.active().product("tee", "19.99", 1).body();
    lateEnd.put("endsAt", "9999-12-31T00:00:00Z").put("paymentWindowSeconds", 86_400);
    assertRefused(api, lateEnd.toString(), "endsAt + paymentWindowSeconds");

    lateEnd.put("paymentWindowSeconds", 86_399);
    JsonNode created = api.adminPost("/api/admin/sales", lateEnd.toString()).expect(201);
    assertThat(created.path("endsAt").asText()).isEqualTo("9999-12-31T00:00:00Z");
  }

  @Test
  void numbers_past_their_postgresql_integer_column_are_400_naming_the_field(Api api) {
    assertRefused(api, sale().replace("\"stock\":10", "\"stock\":2147483648"), "products[0].stock");
    assertRefused(api, withNumber("perUserLimit", "2147483648"), "perUserLimit");
    assertRefused(api, withNumber("paymentWindowSeconds", "4294967296"), "paymentWindowSeconds");

    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    JsonNode refused = api.post("/api/sales/" + saleId + "/orders",
        "{\"userId\":\"u1\",\"productId\":\"tee\",\"quantity\":2147483648}").expectError(400, "INVALID_REQUEST");
    assertThat(refused.path("message").asText()).contains("quantity");
  }

  @Test
  void accepted_emoji_and_astral_text_reaches_postgresql_exactly_as_answered(Api api) throws Exception {
    String name = "Drop \uD83C\uDF89 na\u00EFve \uD834\uDD1E \u4E2D\u6587 \u200D end";
    String description = "\uD83D\uDC5F\uD83C\uDFFD size 42 \u2014 \"quoted\" \\ back\tslash";
    String paymentRef = "psp-\uD83D\uDCB3-\u00E9-\uD800\uDC00";
    TestSale definition = TestSale.active().product("tee", "19.99", 10);
    definition.body().put("name", name);
    ((ObjectNode) definition.body().path("products").get(0)).put("description", description);
    JsonNode created = api.adminPost("/api/admin/sales", definition.toJson()).expect(201);
    String saleId = definition.saleId();
    assertThat(created.path("name").asText()).isEqualTo(name);

    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    JsonNode paid = api.post("/api/orders/" + orderId + "/payment",
        "{\"outcome\":\"SUCCEEDED\",\"paymentRef\":" + new com.fasterxml.jackson.databind.ObjectMapper()
            .writeValueAsString(paymentRef) + "}").expect(200);
    assertThat(paid.path("paymentRef").asText()).isEqualTo(paymentRef);

    await().atMost(WRITTEN_BEHIND).untilAsserted(() -> {
      assertThat(column("SELECT name FROM sales WHERE sale_id = ?", saleId)).hasValue(name);
      assertThat(column("SELECT description FROM sale_products WHERE sale_id = ?", saleId)).hasValue(description);
      assertThat(column("SELECT payment_ref FROM orders WHERE order_id = ?::bigint",
          Long.toString(OrderId.parse(orderId).orElseThrow().number()))).hasValue(paymentRef);
    });
    assertThat(api.get("/api/sales/" + saleId).expect(200).path("products").get(0).path("description").asText())
        .isEqualTo(description);
  }

  private static Optional<String> column(String sql, String key) throws SQLException {
    try (Connection connection = LiveServer.database(); PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, key);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
      }
    }
  }

  private static void assertRefused(Api api, String saleBody, String field) {
    JsonNode error = api.adminPost("/api/admin/sales", saleBody).expectError(400, "INVALID_REQUEST");
    assertThat(error.path("message").asText()).as("the message names " + field).startsWith(field + " ");
  }

  private static String sale() {
    return TestSale.active().product("tee", "19.99", 10).toJson();
  }

  private static String withField(String field, String value) {
    return TestSale.active().product("tee", "19.99", 10).body().put(field, value).toString();
  }

  private static String withNumber(String field, String digits) {
    ObjectNode body = TestSale.active().product("tee", "19.99", 10).body();
    body.put(field, 1);
    return body.toString().replace("\"" + field + "\":1", "\"" + field + "\":" + digits);
  }
}
