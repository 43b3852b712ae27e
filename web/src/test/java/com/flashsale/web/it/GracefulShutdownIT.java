package com.flashsale.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, the graceful test: a member stopped with SIGTERM under load finishes what it was doing. No call
 * gets a 5xx other than 503 with Retry-After, every order answered 201 is readable afterwards with a status
 * the client's answers allow, and the process exits 0 within its graceful timeout (Jetty's 15 s stop, then
 * Hazelcast's {@code graceful.shutdown.max.wait} of 120 s).
 */
@Order(8)
class GracefulShutdownIT {

  private static final int PER_USER_LIMIT = 3;
  private static final List<String> PRODUCTS = List.of("tee", "mug", "cap");
  /**
   * Stock and shoppers enough for orders to go on after the stop however fast the machine: with 400 units a
   * product and 200 shoppers, a fast machine placed about 1,000 orders before the stop had finished, and the
   * products sold out before the 100 more the test waits for.
   */
  private static final int UNITS_PER_PRODUCT = 3000;
  private static final int SHOPPERS = 600;
  private static final Duration GRACEFUL_TIMEOUT = Duration.ofSeconds(135);

  private final ItCluster cluster = new ItCluster();

  @AfterEach
  void stopMembersAndDropSchema() throws Exception {
    cluster.close();
  }

  @Test
  void a_member_stopped_with_sigterm_under_load_exits_0_and_loses_nothing() {
    List<MemberProcess> members = new ArrayList<>(cluster.startReady(2, "member-"));
    String saleId = Shop.createSale(members.get(0).httpPort(),
        PRODUCTS.stream().collect(Collectors.toMap(product -> product, product -> UNITS_PER_PRODUCT)), PER_USER_LIMIT, 900);
    List<String> users = IntStream.range(0, SHOPPERS).mapToObj(i -> Shop.newId("shopper" + i)).toList();
    MemberProcess leaving = members.get(1);

    ShopperLoad load = new ShopperLoad(saleId, PRODUCTS, users, members).start(16, Duration.ofSeconds(150));
    int exitCode;
    Duration took;
    try {
      awaitPlaced(load, 100);
      Instant stopAt = Instant.now();
      CompletableFuture<Integer> stopped = CompletableFuture.supplyAsync(leaving::stop);
      exitCode = stopped.orTimeout(GRACEFUL_TIMEOUT.toSeconds() + 10, java.util.concurrent.TimeUnit.SECONDS).join();
      took = Duration.between(stopAt, Instant.now());
      load.targets.remove(leaving);
      members.remove(leaving);
      awaitPlaced(load, load.count("place 201") + 100);
    } finally {
      load.stop();
    }
    System.out.println("GracefulShutdownIT: exit " + exitCode + " after " + took + "; outcomes " + load.outcomes());

    assertThat(exitCode).as("exit code of the member stopped with SIGTERM").isZero();
    assertThat(took).as("time to leave gracefully").isLessThan(GRACEFUL_TIMEOUT);
    assertThat(load.violations()).as("answers outside the contract").isEmpty();
    assertThat(load.ledger.contradictions()).isEmpty();
    int port = members.get(0).httpPort();
    load.ledger.orders().values().forEach(entry -> {
      Http.Reply order = Http.get(port, "/api/orders/" + entry.orderId());
      assertThat(order.status()).as(order.toString()).isEqualTo(200);
      assertThat(entry.possible()).as(order + " against what the client was told").contains(Ledger.statusOf(order.json()));
    });
    // Exact at once: an order lives only in its product's ledger, so a call cut off while the member left (answered
    // 503) either changed the ledger, orders, units and all, or changed nothing; there is no copy to catch up.
    assertThat(Shop.invariantViolations(Shop.products(port, saleId), Shop.ordersOf(port, users), PER_USER_LIMIT))
        .as("the contract's invariants right after the stop").isEmpty();
  }

  private static void awaitPlaced(ShopperLoad load, long placed) {
    await("at least " + placed + " orders placed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> load.count("place 201") >= placed);
  }
}
