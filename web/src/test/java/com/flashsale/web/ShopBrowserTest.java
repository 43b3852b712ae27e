package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flashsale.web.admin.AdminToken;
import com.flashsale.web.edge.EdgeSettings;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.Chromium;
import com.flashsale.web.testing.EdgeCluster;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shopper's page as a shopper sees it, in headless Chromium at a phone's width: a shopper joins a sale's
 * waiting room, watches the position fall, is admitted, and the page places the order and pays it; a shopper
 * waiting behind the last unit keeps the place through a reload and is told SOLD_OUT; a sale without a room orders
 * at once, and a failed payment gives the units back; an unpaid order expires and the per-user limit is said
 * plainly; a 429 is retried after its Retry-After, not at once; with shopper JWTs on, the page takes the token from
 * its address's fragment. The first test saves what it saw while waiting to {@code docs/shop.png}, the picture the
 * README shows. Skipped, with a message saying so, only where chromium is not installed ({@code scripts/test.sh}
 * installs it).
 */
@ExtendWith(LiveServer.class)
class ShopBrowserTest {

  private static final Path SCREENSHOT = Path.of("..", "docs", "shop.png");
  private static final Duration SEEN = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JWT_SECRET = "a-shop-page-test-secret-of-at-least-32-bytes";
  private static final int PHONE_WIDTH = 412;
  private static final int PHONE_HEIGHT = 915;

  private Path executable;

  @BeforeEach
  void needsChromium() {
    executable = Chromium.find().orElse(null);
    Assumptions.assumeTrue(executable != null,
        "chromium is not installed (apt-get install -y chromium; scripts/test.sh does it): shop browser test skipped");
  }

  @Test
  void a_shopper_joins_the_line_watches_the_position_fall_is_admitted_and_pays(Api api) throws Exception {
    String shopper = Api.newId("ada");
    try (Chromium browser = Chromium.start(executable, PHONE_WIDTH, PHONE_HEIGHT)) {
      // The line forms before the sale opens; three shoppers are in it first, admitted one a second from the start.
      String saleId = api.create(TestSale.opensIn(Duration.ofSeconds(12)).product("sneaker-42", "89.90", 5)
          .product("cap", "19.99", 20).perUserLimit(2).paymentWindowSeconds(300).waitingRoom(1, 30));
      for (int early = 1; early <= 3; early++) {
        join(api, saleId, "early-" + early + "-" + shopper, "sneaker-42").expect(201);
      }
      openAs(browser, api.uri("/shop/" + saleId).toString(), shopper);
      buy(browser, "sneaker-42");

      await().atMost(SEEN).until(() -> state(browser).equals("WAITING"));
      int joinedAt = Integer.parseInt(browser.text("#position"));
      assertThat(joinedAt).as("three shoppers joined before").isEqualTo(4);
      assertThat(browser.text("#units-ahead")).isEqualTo("3");
      Files.createDirectories(SCREENSHOT.getParent());
      Files.write(SCREENSHOT, browser.screenshot());

      List<Integer> positions = new ArrayList<>();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
        String now = state(browser);
        if (now.equals("WAITING")) {
          int position = Integer.parseInt(browser.text("#position"));
          if (positions.isEmpty() || positions.getLast() != position) {
            positions.add(position);
          }
        }
        return Set.of("ADMITTED", "ORDERING", "PENDING").contains(now);
      });
      assertThat(positions).as("positions seen while waiting").first().isEqualTo(4);
      assertThat(positions).as("positions seen while waiting").isSortedAccordingTo((a, b) -> b - a)
          .hasSizeGreaterThan(1);

      await().atMost(SEEN).until(() -> state(browser).equals("PENDING"));
      assertThat(browser.text("#countdown")).matches("[0-5]:[0-5][0-9]");
      JsonNode order = onlyOrderOf(api, shopper);
      assertThat(order.path("status").asText()).isEqualTo("PENDING");
      assertThat(order.path("productId").asText()).isEqualTo("sneaker-42");

      click(browser, "#pay");
      await().atMost(SEEN).until(() -> state(browser).equals("CONFIRMED"));
      assertThat(browser.text("#purchase-status")).contains("confirmed", order.path("orderId").asText());
      assertThat(onlyOrderOf(api, shopper).path("status").asText()).isEqualTo("CONFIRMED");
    }
    assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
  }

  @Test
  void a_shopper_waiting_behind_the_last_unit_is_told_sold_out(Api api) throws Exception {
    String shopper = Api.newId("bob");
    String first = Api.newId("first");
    try (Chromium browser = Chromium.start(executable, PHONE_WIDTH, PHONE_HEIGHT)) {
      String saleId = api.create(TestSale.opensIn(Duration.ofSeconds(8)).product("last-one", "249.00", 1)
          .paymentWindowSeconds(300).waitingRoom(5, 30));
      String firstTicket = join(api, saleId, first, "last-one").expect(201).path("ticketId").asText();
      openAs(browser, api.uri("/shop/" + saleId).toString(), shopper);
      buy(browser, "last-one");
      await().atMost(SEEN).until(() -> state(browser).equals("WAITING"));
      assertThat(browser.text("#position")).isEqualTo("2");
      String kept = keptTicket(browser, saleId);

      browser.navigate(api.uri("/shop/" + saleId).toString());
      await().atMost(SEEN).ignoreExceptions().until(() -> state(browser).equals("WAITING"));
      assertThat(keptTicket(browser, saleId)).as("a reload keeps the place in line").isEqualTo(kept);

      // The shopper ahead is admitted when the sale opens, buys the one unit and pays: nothing can come back.
      JsonNode admitted = await().atMost(SEEN).until(() -> api.get("/api/sales/" + saleId + "/queue/" + firstTicket)
          .expect(200), ticket -> ticket.path("status").asText().equals("ADMITTED"));
      String orderId = api.place(saleId, first, "last-one", 1, "X-Admission", admitted.path("admissionToken").asText())
          .expect(201).path("orderId").asText();
      assertThat(state(browser)).as("while the unit may come back, the shopper keeps waiting").isEqualTo("WAITING");
      api.pay(orderId, "SUCCEEDED").expect(200);

      await().atMost(SEEN).until(() -> state(browser).equals("SOLD_OUT"));
      assertThat(browser.text("#purchase-status")).containsIgnoringCase("sold out");
      await().atMost(SEEN).until(() -> browser.text("[data-product=last-one] .availability").startsWith("Sold out"));
      assertThat(onlyOrdersOf(api, shopper)).isEmpty();
    }
  }

  @Test
  void without_a_room_the_order_is_placed_at_once_and_a_failed_payment_gives_the_units_back(Api api) throws Exception {
    String shopper = Api.newId("cy");
    String saleId = api.create(TestSale.active().product("hoodie-m", "49.00", 2).perUserLimit(2)
        .paymentWindowSeconds(300));
    try (Chromium browser = Chromium.start(executable, PHONE_WIDTH, PHONE_HEIGHT)) {
      openAs(browser, api.uri("/shop/" + saleId).toString(), shopper);
      await().atMost(SEEN).until(() -> browser.text("[data-product=hoodie-m] .availability").equals("2 of 2 left"));
      browser.evaluate("document.querySelector('[data-product=hoodie-m] .quantity-select').value = '2'; true");
      buy(browser, "hoodie-m");

      await().atMost(SEEN).until(() -> state(browser).equals("PENDING"));
      await().atMost(SEEN).until(() -> browser.text("[data-product=hoodie-m] .availability").equals("Sold out"));
      assertThat(browser.evaluate("document.querySelector('[data-product=hoodie-m] .buy').disabled").asBoolean())
          .isTrue();
      assertThat(onlyOrderOf(api, shopper).path("quantity").asInt()).isEqualTo(2);

      click(browser, "#pay-fail");
      await().atMost(SEEN).until(() -> state(browser).equals("PAYMENT_FAILED"));
      await().atMost(SEEN).until(() -> browser.text("[data-product=hoodie-m] .availability").equals("2 of 2 left"));
      assertThat(onlyOrderOf(api, shopper).path("cancelReason").asText()).isEqualTo("PAYMENT_FAILED");

      click(browser, "#again");
      await().atMost(SEEN).until(() -> state(browser).equals("PENDING"));
      click(browser, "#pay");
      await().atMost(SEEN).until(() -> state(browser).equals("CONFIRMED"));
      assertThat(onlyOrdersOf(api, shopper)).extracting(found -> found.path("status").asText())
          .containsExactly("CONFIRMED", "CANCELLED");
    }
  }

  @Test
  void an_order_not_paid_in_time_expires_and_the_per_user_limit_is_said_plainly(Api api) throws Exception {
    String shopper = Api.newId("eve");
    String saleId = api.create(TestSale.active().product("mug", "9.50", 5).perUserLimit(1).paymentWindowSeconds(3));
    try (Chromium browser = Chromium.start(executable, PHONE_WIDTH, PHONE_HEIGHT)) {
      openAs(browser, api.uri("/shop/" + saleId).toString(), shopper);
      buy(browser, "mug");
      await().atMost(SEEN).until(() -> state(browser).equals("PENDING"));

      await().atMost(SEEN).until(() -> state(browser).equals("EXPIRED"));
      assertThat(browser.text("#purchase-status")).contains("not paid in time");
      assertThat(onlyOrderOf(api, shopper).path("cancelReason").asText()).isEqualTo("EXPIRED");

      click(browser, "#again");
      await().atMost(SEEN).until(() -> state(browser).equals("PENDING"));
      click(browser, "#pay");
      await().atMost(SEEN).until(() -> state(browser).equals("CONFIRMED"));
      click(browser, "#done");
      buy(browser, "mug");
      await().atMost(SEEN).until(() -> state(browser).equals("LIMIT_EXCEEDED"));
      assertThat(browser.text("#purchase-status")).contains("allows 1", "hold 1");
    }
  }

  @Test
  void a_busy_shop_is_asked_again_after_retry_after_not_hammered(Api api) throws Exception {
    String shopper = Api.newId("fay");
    String saleId = api.create(TestSale.active().product("scarf", "25.00", 5).paymentWindowSeconds(300));
    // One call per second per address, and the test's own client shares the page's address (127.0.0.1).
    EdgeSettings oneCallPerSecond = EdgeSettings.defaults().withRates(null, new EdgeSettings.Rate(1, 1));
    try (ApiServer busy = ApiServer.start(LiveServer.node(), AdminToken.configuredOrRandom(LiveServer.ADMIN_TOKEN), 0,
            Clock.systemUTC(), Map.of(), oneCallPerSecond);
        Chromium browser = Chromium.start(executable, PHONE_WIDTH, PHONE_HEIGHT)) {
      Api busyApi = EdgeCluster.client(busy, api.clusterName());
      openAs(browser, busyApi.uri("/shop/" + saleId).toString(), shopper);
      await().atMost(SEEN).ignoreExceptions().until(() -> browser.evaluate(
          "!document.querySelector('[data-product=scarf] .buy').disabled").asBoolean());

      busyApi.get("/api/sales/" + saleId);
      long clicked = System.nanoTime();
      click(browser, "[data-product=scarf] .buy");
      await().atMost(SEEN).until(() -> state(browser).equals("PENDING"));
      double seconds = (System.nanoTime() - clicked) / 1e9;

      double refused = placements(busy, "429");
      double placed = placements(busy, "201");
      assertThat(refused).as("placements answered 429 while the bucket was empty").isPositive();
      assertThat(placed).isEqualTo(1);
      assertThat(refused + placed).as("placement attempts in %.1f s", seconds).isLessThanOrEqualTo(seconds + 1);
      assertThat(onlyOrderOf(api, shopper).path("status").asText()).isEqualTo("PENDING");
    }
  }

  @Test
  void with_shopper_tokens_the_page_takes_the_token_from_its_fragment_and_buys_as_its_subject(Api api)
      throws Exception {
    String shopper = Api.newId("dee");
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).paymentWindowSeconds(300));
    EdgeSettings jwtOn = EdgeSettings.defaults().withRates(null, null).withJwt(EdgeSettings.Jwt.hs256(JWT_SECRET));
    try (ApiServer signedIn = ApiServer.start(LiveServer.node(), AdminToken.configuredOrRandom(LiveServer.ADMIN_TOKEN),
            0, Clock.systemUTC(), Map.of(), jwtOn);
        Chromium browser = Chromium.start(executable, PHONE_WIDTH, PHONE_HEIGHT)) {
      Api jwtApi = EdgeCluster.client(signedIn, api.clusterName());

      browser.navigate(jwtApi.uri("/shop/" + saleId).toString());
      await().atMost(SEEN).until(() -> visible(browser, "#sign-in-needed"));
      assertThat(visible(browser, "#name-gate")).as("no name is asked for when the API wants a token").isFalse();

      browser.navigate(jwtApi.uri("/shop/" + saleId + "?from=shop#token=" + token(shopper)).toString());
      await().atMost(SEEN).until(() -> browser.text("#who-name").equals(shopper));
      assertThat(browser.evaluate("location.hash").asText()).as("the token leaves the address at once").isEmpty();
      assertThat(visible(browser, "#name-gate")).isFalse();
      assertThat(visible(browser, "#sign-out")).as("a signed-in shopper cannot pose as someone else").isFalse();
      buy(browser, "tee");

      await().atMost(SEEN).until(() -> state(browser).equals("PENDING"));
      assertThat(onlyOrderOf(api, shopper).path("userId").asText()).isEqualTo(shopper);
      click(browser, "#cancel");
      await().atMost(SEEN).until(() -> state(browser).equals("CANCELLED"));
    }
  }

  // ---- the shopper's steps ----

  private static void openAs(Chromium browser, String url, String userName) {
    browser.navigate(url);
    await().atMost(SEEN).ignoreExceptions().until(() -> visible(browser, "#name-gate"));
    browser.evaluate("document.querySelector('#name-input').value = " + JSON.valueToTree(userName) + ";"
        + "document.querySelector('#name-form').requestSubmit(); true");
    await().atMost(SEEN).until(() -> browser.text("#who-name").equals(userName) && visible(browser, "#sale"));
  }

  private static void buy(Chromium browser, String productId) {
    String button = "[data-product=" + productId + "] .buy";
    await().atMost(SEEN).ignoreExceptions().until(() -> browser.evaluate(
        "!document.querySelector('" + button + "').disabled").asBoolean());
    click(browser, button);
  }

  private static void click(Chromium browser, String selector) {
    await().atMost(SEEN).until(() -> browser.evaluate("(() => { const b = document.querySelector('" + selector + "');"
        + " if (!b || b.disabled || b.closest('[hidden]')) return false; b.click(); return true; })()").asBoolean());
  }

  private static String state(Chromium browser) {
    return browser.evaluate("document.querySelector('#purchase').dataset.state || ''").asText();
  }

  /** The ticket of the purchase the page keeps in sessionStorage across a reload. */
  private static String keptTicket(Chromium browser, String saleId) {
    return browser.evaluate("JSON.parse(sessionStorage.getItem('flashsale.shop.purchase." + saleId + "')).ticketId")
        .asText();
  }

  private static boolean visible(Chromium browser, String selector) {
    return browser.evaluate("(() => { const e = document.querySelector('" + selector + "');"
        + " return Boolean(e) && !e.closest('[hidden]'); })()").asBoolean();
  }

  // ---- the API behind the page ----

  private static Answer join(Api api, String saleId, String userId, String productId) {
    return api.post("/api/sales/" + saleId + "/queue", Api.orderBody(userId, productId, 1));
  }

  private static List<JsonNode> onlyOrdersOf(Api api, String userId) {
    List<JsonNode> orders = new ArrayList<>();
    api.get("/api/users/" + userId + "/orders").expect(200).forEach(orders::add);
    return orders;
  }

  private static JsonNode onlyOrderOf(Api api, String userId) {
    List<JsonNode> orders = onlyOrdersOf(api, userId);
    assertThat(orders).as("orders of " + userId).hasSize(1);
    return orders.getFirst();
  }

  /** How many placements the API answered with {@code status}, from its own Prometheus text. */
  private static double placements(ApiServer server, String status) {
    return server.metrics().scrape().lines()
        .filter(line -> line.startsWith("http_server_requests_seconds_count{") && line.contains("method=\"POST\"")
            && line.contains("uri=\"/api/sales/{saleId}/orders\"") && line.contains("status=\"" + status + "\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  private static String token(String userId) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId).issueTime(new Date())
        .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10)))).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
