package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.Chromium;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard as an operator sees it, in headless Chromium: the page asks for the token, then its figures
 * change while a small load runs, without a reload. It saves what it saw to {@code docs/dashboard.png}, the
 * picture the README shows. Skipped, with a message saying so, only where chromium is not installed
 * ({@code scripts/test.sh} installs it).
 */
@ExtendWith(LiveServer.class)
class DashboardBrowserTest {

  private static final Path SCREENSHOT = Path.of("..", "docs", "dashboard.png");
  private static final Duration SEEN = Duration.ofSeconds(30);

  /** The expression for "the element is there and not hidden": false, not an error, while the page still loads. */
  private static String shown(String selector) {
    return "!!document.querySelector('" + selector + "') && !document.querySelector('" + selector + "').hidden";
  }

  @Test
  void the_dashboard_shows_the_figures_change_during_a_small_load(Api api) throws Exception {
    Path executable = Chromium.find().orElse(null);
    Assumptions.assumeTrue(executable != null,
        "chromium is not installed (apt-get install -y chromium; scripts/test.sh does it): dashboard browser test skipped");
    String saleId = api.create(TestSale.active().product("sneaker-42", "89.90", 60).product("hoodie-m", "49.00", 120)
        .product("cap", "19.99", 25).perUserLimit(2).paymentWindowSeconds(300));
    ScheduledExecutorService load = Executors.newScheduledThreadPool(4);
    try (Chromium browser = Chromium.start(executable, 1400, 1000)) {
      browser.navigate(api.uri("/dashboard?sale=" + saleId).toString());
      await().atMost(SEEN).until(() -> browser.evaluate(shown("#token-gate")).asBoolean());
      browser.evaluate("document.querySelector('#token-input').value = '" + LiveServer.ADMIN_TOKEN + "';"
          + "document.querySelector('#token-form').requestSubmit(); true");
      await().atMost(SEEN).until(() -> browser.text("#connection-text").equals("live")
          && browser.evaluate(shown("#board")).asBoolean());
      String ordersBefore = browser.text("[data-figure=orders-total]");

      AtomicInteger placed = new AtomicInteger();
      for (int shopper = 0; shopper < 4; shopper++) {
        load.scheduleAtFixedRate(() -> shop(api, saleId, placed.incrementAndGet()), shopper * 10, 40, TimeUnit.MILLISECONDS);
      }

      await().atMost(SEEN).untilAsserted(() -> {
        assertThat(browser.text("[data-figure=orders-total]")).isNotEqualTo(ordersBefore);
        assertThat(browser.text("[data-figure=revenue]")).isNotIn("0", "");
        assertThat(browser.text("[data-figure=rejected]")).isNotEqualTo("0");
        assertThat(browser.text("[data-product=cap] td:last-child")).isNotEqualTo("–");
      });
      await().atMost(SEEN).until(() -> placed.get() > 120);
      load.shutdownNow();
      await().atMost(SEEN).until(() -> !browser.text("[data-figure=rate-10s]").equals("0.0"));
      Files.createDirectories(SCREENSHOT.getParent());
      Files.write(SCREENSHOT, browser.screenshot());
    } finally {
      load.shutdownNow();
    }
    assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
  }

  @Test
  void for_a_sale_with_a_waiting_room_the_dashboard_shows_each_products_queue(Api api) throws Exception {
    Path executable = Chromium.find().orElse(null);
    Assumptions.assumeTrue(executable != null,
        "chromium is not installed (apt-get install -y chromium; scripts/test.sh does it): dashboard browser test skipped");
    String saleId = api.create(TestSale.active().product("tv", "499.00", 2).waitingRoom(20, 60));
    for (int shopper = 0; shopper < 6; shopper++) {
      api.join(saleId, "queuer-" + shopper, "tv", 1).expect(201);
    }
    try (Chromium browser = Chromium.start(executable, 1400, 1000)) {
      browser.navigate(api.uri("/dashboard?sale=" + saleId).toString());
      await().atMost(SEEN).ignoreExceptions()
          .until(() -> browser.evaluate(shown("#token-gate")).asBoolean());
      browser.evaluate("document.querySelector('#token-input').value = '" + LiveServer.ADMIN_TOKEN + "';"
          + "document.querySelector('#token-form').requestSubmit(); true");

      await().atMost(SEEN).ignoreExceptions().untilAsserted(() -> {
        assertThat(browser.text("[data-product=tv] [data-figure=queue]")).as("6 joined, 2 admitted").isEqualTo("4");
        assertThat(browser.evaluate("getComputedStyle(document.querySelector('[data-product=tv] [data-figure=queue]'))"
            + ".display !== 'none'").asBoolean()).as("the room's columns are shown").isTrue();
      });
    }
  }

  /** The n-th shopper: buys one of the products, then pays, abandons or cancels; some are refused. */
  private static void shop(Api api, String saleId, int n) {
    try {
      String product = List.of("sneaker-42", "hoodie-m", "cap", "cap").get(n % 4);
      var answer = api.place(saleId, "shopper-" + (n % 90), product, 1 + n % 2);
      if (answer.status() != 201) {
        return;
      }
      String orderId = answer.json().path("orderId").asText();
      switch (n % 5) {
        case 0, 1, 2 -> api.pay(orderId, "SUCCEEDED");
        case 3 -> api.cancel(orderId);
        default -> { }
      }
    } catch (RuntimeException failed) {
      // One shopper's failure is not the dashboard's: the figures still have to move.
    }
  }
}
