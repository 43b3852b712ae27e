package com.flashsale.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 3, "a restart test": sell over two member processes, wait until PostgreSQL holds every order at the
 * grid's state, kill -9 the whole cluster, start a new one on the same schema: every order comes back with its
 * status, every product with its figures, and the invariants hold over what was loaded.
 */
@Order(5)
class RestartIT {

  private static final int PER_USER_LIMIT = 3;
  private static final Duration FLUSHED = Duration.ofSeconds(60);

  private final ItCluster cluster = new ItCluster();

  @AfterEach
  void stopMembersAndDropSchema() throws Exception {
    cluster.close();
  }

  @Test
  void a_cluster_killed_after_the_flush_comes_back_from_postgresql_with_every_order_and_stock_figure() {
    List<MemberProcess> first = cluster.startReady(2, "first-");
    int[] ports = first.stream().mapToInt(MemberProcess::httpPort).toArray();
    Map<String, Integer> stock = Map.of("tee", 30, "mug", 20, "cap", 14);
    String saleId = Shop.createSale(ports[0], stock, PER_USER_LIMIT, 600);
    List<String> users = IntStream.range(0, 8).mapToObj(i -> Shop.newId("user" + i)).toList();
    Map<String, String> told = sell(saleId, users, ports);
    assertThat(told.values()).as("the sale placed, paid, failed, cancelled and left orders pending")
        .contains(Ledger.PENDING, Ledger.CONFIRMED, Ledger.PAYMENT_FAILED, Ledger.USER_CANCELLED);
    Map<String, JsonNode> productsBefore = Shop.products(ports[1], saleId);
    awaitPostgresqlHolds(told, saleId, productsBefore, ports);

    first.forEach(MemberProcess::kill);
    List<MemberProcess> second = cluster.startReady(2, "second-");

    for (MemberProcess member : second) {
      int port = member.httpPort();
      told.forEach((orderId, status) -> {
        Http.Reply order = Http.get(port, "/api/orders/" + orderId);
        assertThat(order.status()).as(order.toString()).isEqualTo(200);
        assertThat(order.json().path("orderId").asText()).as(order.toString()).isEqualTo(orderId);
        assertThat(Ledger.statusOf(order.json())).as(order.toString()).isEqualTo(status);
      });
      Map<String, JsonNode> listed = Shop.ordersOf(port, users);
      assertThat(listed.keySet()).as("the users' listings on :" + port).containsExactlyInAnyOrderElementsOf(told.keySet());
      Map<String, JsonNode> productsAfter = Shop.products(port, saleId);
      productsBefore.forEach((productId, before) -> {
        assertThat(productsAfter.get(productId).path("stock").asInt()).isEqualTo(before.path("stock").asInt());
        assertThat(productsAfter.get(productId).path("available").asInt()).as(productId + " available after restart")
            .isEqualTo(before.path("available").asInt());
      });
      assertThat(Shop.invariantViolations(productsAfter, listed, PER_USER_LIMIT)).isEmpty();
    }
  }

  /**
   * Places orders for every user on both members in turn, then settles them in a fixed pattern: pays one
   * of every four, fails one, cancels one, leaves one PENDING. Returns each order's status as answered.
   */
  private Map<String, String> sell(String saleId, List<String> users, int[] ports) {
    Ledger ledger = new Ledger();
    List<String> products = List.of("tee", "mug", "cap");
    List<String> orderIds = new ArrayList<>();
    int call = 0;
    for (String user : users) {
      for (String product : products) {
        int quantity = 1 + call % 2;
        Http.Reply placed = Shop.place(ports[call++ % 2], saleId, user, product, quantity);
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        orderIds.add(ledger.created(placed.json()).orderId());
      }
    }
    for (int i = 0; i < orderIds.size(); i++) {
      String orderId = orderIds.get(i);
      int port = ports[(i + 1) % 2];
      switch (i % 4) {
        case 0 -> ledger.settled(orderId, Ledger.CONFIRMED, Shop.pay(port, orderId, true));
        case 1 -> ledger.settled(orderId, Ledger.PAYMENT_FAILED, Shop.pay(port, orderId, false));
        case 2 -> ledger.settled(orderId, Ledger.USER_CANCELLED, Shop.cancel(port, orderId));
        default -> { }
      }
    }
    assertThat(ledger.contradictions()).isEmpty();
    Map<String, String> told = new LinkedHashMap<>();
    ledger.orders().forEach((orderId, entry) -> told.put(orderId, entry.possible().iterator().next()));
    return told;
  }

  /**
   * Waits until every order's row has the status and {@code updatedAt} the grid answers, and every stock row
   * the figures the API shows: only then may the whole cluster die without losing anything.
   */
  private void awaitPostgresqlHolds(Map<String, String> told, String saleId, Map<String, JsonNode> products,
      int[] ports) {
    Map<String, Instant> updatedAt = new LinkedHashMap<>();
    told.keySet().forEach(orderId -> {
      Http.Reply order = Http.get(ports[0], "/api/orders/" + orderId);
      assertThat(Ledger.statusOf(order.json())).as(order.toString()).isEqualTo(told.get(orderId));
      updatedAt.put(orderId, Instant.parse(order.json().path("updatedAt").asText()));
    });
    await("PostgreSQL holds every order at the grid's state").atMost(FLUSHED).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          Map<String, Instant> stored = new LinkedHashMap<>();
          cluster.database.rows("SELECT order_id, sale_id, product_id, updated_at FROM orders").forEach(row -> stored.put(
              ItDatabase.orderIdOf(row), instant(row.get("updated_at"))));
          assertThat(cluster.database.orderStatuses()).containsExactlyInAnyOrderEntriesOf(told);
          assertThat(stored).containsExactlyInAnyOrderEntriesOf(updatedAt);
          Map<String, Integer> available = new LinkedHashMap<>();
          products.forEach((productId, product) -> available.put(productId, product.path("available").asInt()));
          assertThat(cluster.database.availableBy(saleId)).isEqualTo(available);
        });
  }

  private static Instant instant(Object timestamp) {
    return timestamp instanceof Timestamp sql ? sql.toInstant() : ((OffsetDateTime) timestamp).toInstant();
  }
}
