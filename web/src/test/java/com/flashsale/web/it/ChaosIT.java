package com.flashsale.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Issue 4, the chaos test: three member processes started by the real scripts, 32 shoppers placing, paying and
 * cancelling against all of them, one member killed with kill -9 mid-sale and a new one started that joins,
 * more selling; then every contract invariant over what the API shows, every 201 order readable on every
 * member with a status the client's answers allow, and PostgreSQL holding exactly the confirmed set.
 */
@Order(3)
@ResourceLock(ItCluster.CROWD)
class ChaosIT {

  private static final int PER_USER_LIMIT = 3;
  private static final List<String> PRODUCTS = List.of("tee", "mug", "cap", "bag");
  private static final Duration SETTLED = Duration.ofSeconds(90);

  private final ItCluster cluster = new ItCluster();

  @AfterEach
  void stopMembersAndDropSchema() throws Exception {
    cluster.close();
  }

  @Test
  void a_member_killed_mid_sale_and_a_new_one_joining_break_no_invariant_and_lose_no_order() {
    List<MemberProcess> members = new ArrayList<>(cluster.startReady(3, "member-"));
    String saleId = Shop.createSale(members.get(0).httpPort(),
        PRODUCTS.stream().collect(Collectors.toMap(product -> product, product -> 400)), PER_USER_LIMIT, 900);
    // Enough stock and shoppers that selling still goes on after the kill and the join.
    List<String> users = IntStream.range(0, 600).mapToObj(i -> Shop.newId("shopper" + i)).toList();

    ShopperLoad load = new ShopperLoad(saleId, PRODUCTS, users, members).start(32, Duration.ofSeconds(150));
    try {
      awaitPlaced(load, 150);
      MemberProcess victim = members.get(1);
      victim.kill();
      load.targets.remove(victim);
      members.remove(victim);
      long placedAtKill = load.count("place 201");
      // As an operator would: once the survivors have declared the dead member gone, a replacement joins on
      // an address of its own (the dead member's address is only free again once it is declared dead).
      ItCluster.awaitClusterOf(members);
      MemberProcess joined = cluster.start("member-4", Map.of("FLASHSALE_HZ_PORT", cluster.hazelcastPort(3)))
          .awaitReady(ItCluster.STARTUP);
      members.add(joined);
      load.targets.add(joined);
      // The first sale may be sold out by now: a second one, opened through the new member, sells through
      // every member of the rebalanced cluster.
      String laterSale = Shop.createSale(joined.httpPort(), Map.of("late", 100), PER_USER_LIMIT, 900);
      for (int i = 0; i < 30; i++) {
        MemberProcess via = members.get(i % members.size());
        Http.Reply placed = Shop.place(via.httpPort(), laterSale, Shop.newId("late" + i), "late", 1);
        assertThat(placed.status()).as("a placement after the join via %s: %s", via.httpPort(), placed.body())
            .isEqualTo(201);
      }
      assertThat(load.count("place 201")).as("orders placed from the start").isGreaterThanOrEqualTo(placedAtKill);
    } finally {
      load.stop();
    }
    System.out.println("ChaosIT outcomes: " + load.outcomes());

    assertThat(load.violations()).as("answers outside the contract").isEmpty();
    assertThat(load.ledger.contradictions()).isEmpty();
    ItCluster.awaitClusterOf(members);
    int port = members.get(0).httpPort();
    Shop.awaitInvariants(port, saleId, users, PER_USER_LIMIT, SETTLED);

    Map<String, JsonNode> orders = Shop.ordersOf(port, users);
    for (MemberProcess member : members) {
      assertEveryAnsweredOrderIsReadable(member, load.ledger);
    }
    Set<String> confirmed = orders.values().stream().filter(order -> "CONFIRMED".equals(order.path("status").asText()))
        .map(order -> order.path("orderId").asText()).collect(Collectors.toCollection(TreeSet::new));
    assertThat(confirmed).as("orders the API confirmed").containsAll(load.ledger.confirmed());
    assertThat(load.ledger.possiblyConfirmed()).as("every confirmed order was paid by a client")
        .containsAll(confirmed);
    await("PostgreSQL holds exactly the confirmed set").atMost(SETTLED).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(confirmedIn(cluster.database.orderStatuses())).isEqualTo(confirmed));
  }

  private static void awaitPlaced(ShopperLoad load, long placed) {
    await().alias("at least " + placed + " orders placed").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .conditionEvaluationListener(condition -> {
          if (condition.getRemainingTimeInMS() < 1000) {
            System.out.println("ChaosIT outcomes while waiting: " + load.outcomes());
          }
        })
        .until(() -> load.count("place 201") >= placed);
  }

  private static void assertEveryAnsweredOrderIsReadable(MemberProcess member, Ledger ledger) {
    ledger.orders().values().forEach(entry -> {
      Http.Reply order = Http.get(member.httpPort(), "/api/orders/" + entry.orderId());
      assertThat(order.status()).as(order.toString()).isEqualTo(200);
      assertThat(entry.possible()).as(order + " against what the client was told").contains(Ledger.statusOf(order.json()));
    });
  }

  private static Set<String> confirmedIn(Map<String, String> statuses) {
    return statuses.entrySet().stream().filter(row -> Ledger.CONFIRMED.equals(row.getValue()))
        .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
  }
}
