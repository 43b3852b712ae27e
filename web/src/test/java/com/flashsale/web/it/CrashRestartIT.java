package com.flashsale.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The contract's crash of the whole cluster, on the one-member default: kill -9 of the only member in the middle
 * of a crowd (limit 1, a payment window, no time for the flush), a restart from PostgreSQL, twice, then a sell-out
 * to new shoppers. Orders answered within the last write delay may be missing, but after every restart no unit is
 * sellable twice and no user is over the limit, and the sell-out sells exactly the stock.
 */
@Order(6)
class CrashRestartIT {

  private static final int LIMIT = 1;
  /** More than a crowd of 300 shoppers with a limit of 1 can buy, so that no round runs out of stock. */
  private static final Map<String, Integer> STOCK = Map.of("tee", 400, "mug", 350, "cap", 320);

  private final ItCluster cluster = new ItCluster();
  private final Set<String> users = ConcurrentHashMap.newKeySet();

  @AfterEach
  void stopMembersAndDropSchema() throws Exception {
    cluster.close();
  }

  @Test
  void killing_the_only_member_mid_crowd_and_restarting_never_sells_a_unit_twice_nor_passes_the_limit()
      throws Exception {
    MemberProcess member = cluster.start("round-0").awaitReady(ItCluster.STARTUP);
    String saleId = Shop.createSale(member.httpPort(), STOCK, LIMIT, 300);
    // The sale itself is written behind like everything else: the crashes are of a sale that exists.
    await("the sale and its stock rows in PostgreSQL").atMost(Duration.ofSeconds(30)).until(() ->
        !cluster.database.rows("SELECT sale_id FROM sales WHERE sale_id = ?", saleId).isEmpty()
            && cluster.database.rows("SELECT product_id FROM stock WHERE sale_id = ?", saleId).size() == STOCK.size());

    for (int round = 1; round <= 2; round++) {
      int placed = crowdThenKill(member, saleId, "crowd" + round);
      assertThat(placed).as("round %d placed orders before the kill", round).isPositive();
      member = cluster.start("round-" + round).awaitReady(ItCluster.STARTUP);
      assertNothingSellableTwice(member.httpPort(), saleId);
    }

    sellOut(member.httpPort(), saleId);
    Map<String, JsonNode> products = Shop.products(member.httpPort(), saleId);
    Map<String, JsonNode> orders = Shop.ordersOf(member.httpPort(), users);
    assertThat(Shop.invariantViolations(products, orders, LIMIT)).isEmpty();
    products.forEach((productId, product) ->
        assertThat(product.path("available").asInt()).as("%s sold out", productId).isZero());
    STOCK.forEach((productId, stock) -> assertThat(orders.values().stream()
        .filter(order -> order.path("productId").asText().equals(productId))
        .filter(order -> List.of("PENDING", "CONFIRMED").contains(order.path("status").asText()))
        .mapToInt(order -> order.path("quantity").asInt()).sum())
        .as("units of %s held by live orders", productId).isEqualTo(stock));
  }

  /**
   * Eight shoppers place (and some pay); once 50 orders are answered, with the last second's still in the
   * write-behind queue, the member is killed while the shoppers go on.
   */
  private int crowdThenKill(MemberProcess member, String saleId, String crowd) throws InterruptedException {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger placed = new AtomicInteger();
    ExecutorService shoppers = Executors.newFixedThreadPool(8);
    List<String> products = List.copyOf(STOCK.keySet());
    for (int i = 0; i < 8; i++) {
      shoppers.submit(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running.get()) {
          // A few hundred shoppers, so that some come back and meet the limit of 1.
          String user = crowd + "-" + random.nextInt(300);
          users.add(user);
          Http.Reply reply = Shop.place(member.httpPort(), saleId, user, products.get(random.nextInt(3)), 1);
          if (reply.status() == 201) {
            placed.incrementAndGet();
            if (random.nextInt(3) == 0) {
              Shop.pay(member.httpPort(), reply.json().path("orderId").asText(), true);
            }
          }
        }
      });
    }
    await("50 orders answered").atMost(Duration.ofSeconds(60)).until(() -> placed.get() >= 50);
    member.kill();
    running.set(false);
    shoppers.shutdown();
    assertThat(shoppers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    return placed.get();
  }

  /** What the restarted member shows: every unit once at most, nobody over the limit. */
  private void assertNothingSellableTwice(int port, String saleId) {
    Map<String, JsonNode> products = Shop.products(port, saleId);
    Map<String, JsonNode> orders = Shop.ordersOf(port, users);
    assertThat(Shop.oversold(products, orders)).isEmpty();
    assertThat(Shop.invariantViolations(products, orders, LIMIT)).isEmpty();
  }

  /** New shoppers buy one unit each until every product answers SOLD_OUT. */
  private void sellOut(int port, String saleId) {
    for (String productId : STOCK.keySet()) {
      for (int attempt = 0; attempt <= STOCK.get(productId); attempt++) {
        String user = Shop.newId("late");
        users.add(user);
        Http.Reply reply = Shop.place(port, saleId, user, productId, 1);
        if (reply.status() == 409 && reply.body().contains("SOLD_OUT")) {
          break;
        }
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      }
    }
  }
}
