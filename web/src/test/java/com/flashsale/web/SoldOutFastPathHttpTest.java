package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sold-out fast path: once the grid has said a product is sold out, the member answers SOLD_OUT from its
 * hint without a partition round trip, and the product reopens when units come back, whether an order expires
 * (on the sweeper's schedule) or is cancelled (at once). The hint never sells: stock stays exact throughout.
 */
@ExtendWith(LiveServer.class)
class SoldOutFastPathHttpTest {

  private static Api api;

  @BeforeAll
  static void connect(Api server) {
    api = server;
  }

  private static double fastAnswers() {
    String metrics = api.get("/metrics").body();
    return Arrays.stream(metrics.split("\n"))
        .filter(line -> line.startsWith("flashsale_orders_soldout_fast_total"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst().orElseThrow(() -> new AssertionError("no flashsale_orders_soldout_fast_total in /metrics"));
  }

  @Test
  void after_the_grid_says_sold_out_the_member_answers_sold_out_from_its_hint() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 1));
    api.placed(saleId, Api.newId("user"), "tee", 1);
    api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SOLD_OUT");
    double before = fastAnswers();

    for (int i = 0; i < 5; i++) {
      api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SOLD_OUT");
    }

    assertThat(fastAnswers() - before).as("SOLD_OUT answers given without the grid").isPositive();
    assertThat(api.available(saleId, "tee")).isZero();
  }

  @Test
  void the_fast_path_reopens_after_an_expiry_returns_the_units() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 1).paymentWindowSeconds(1));
    api.placed(saleId, Api.newId("user"), "tee", 1);
    String latecomer = Api.newId("user");
    api.place(saleId, latecomer, "tee", 1).expectError(409, "SOLD_OUT");

    // Only placements are sent: no product read may clear the hint, the hint's own lifetime must.
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> api.place(saleId, latecomer, "tee", 1).status() == 201);

    assertThat(api.available(saleId, "tee")).isZero();
    api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SOLD_OUT");
  }

  @Test
  void a_cancellation_on_this_member_reopens_the_product_at_once() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 1));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SOLD_OUT");

    api.cancel(orderId).expect(200);

    api.place(saleId, Api.newId("user"), "tee", 1).expect(201);
    assertThat(api.available(saleId, "tee")).isZero();
  }

  @Test
  void a_sale_that_ended_after_selling_out_answers_sale_not_active_not_the_hint() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 1));
    api.placed(saleId, Api.newId("user"), "tee", 1);
    api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SOLD_OUT");

    api.adminPost("/api/admin/sales/" + saleId + "/end", null).expect(200);

    api.place(saleId, Api.newId("user"), "tee", 1).expectError(409, "SALE_NOT_ACTIVE");
  }
}
