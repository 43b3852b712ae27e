package com.flashsale.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The waiting room's W6 on real member processes and PostgreSQL: a crowd joins one product's queue through two
 * members; kill -9 of one member mid-queue leaves every ticket, its status and its place as they were; a restart
 * of the whole cluster (kill -9 of the last member, a new one from PostgreSQL) too; and the queue then goes on in
 * its order: a unit that comes back goes to the first waiting ticket.
 */
@Order(7)
class WaitingRoomIT {

  private static final int STOCK = 3;
  private static final int CROWD = 40;
  private static final Duration SETTLED = Duration.ofSeconds(60);

  private final ItCluster cluster = new ItCluster();

  @AfterEach
  void stopMembersAndDropSchema() throws Exception {
    cluster.close();
  }

  @Test
  void every_ticket_and_its_place_survive_a_killed_member_and_a_restart_of_the_whole_cluster() throws Exception {
    List<MemberProcess> members = new ArrayList<>(cluster.startReady(2, "room-"));
    String saleId = createSaleWithRoom(members.get(0).httpPort());
    Map<String, String> ticketOfUser = joinThroughBothMembers(saleId, members);
    List<String> orderIds = placeWithEveryAdmission(saleId, members.get(1).httpPort(), ticketOfUser);
    assertThat(orderIds).as("every unit went to an admitted ticket").hasSize(STOCK);
    Map<String, JsonNode> before = tickets(members.get(0).httpPort(), saleId, ticketOfUser);
    assertThat(before.values().stream().filter(ticket -> ticket.path("status").asText().equals("WAITING")))
        .as("units of unpaid orders may come back: the rest keep waiting").hasSize(CROWD - STOCK);

    MemberProcess victim = members.remove(1);
    victim.kill();
    ItCluster.awaitClusterOf(members);
    assertThat(tickets(members.get(0).httpPort(), saleId, ticketOfUser)).isEqualTo(before);

    await("every ticket written behind").atMost(SETTLED).until(() -> storedStatuses(saleId).equals(statuses(before)));
    members.get(0).kill();
    MemberProcess restarted = cluster.start("room-restarted").awaitReady(ItCluster.STARTUP);
    assertThat(tickets(restarted.httpPort(), saleId, ticketOfUser)).isEqualTo(before);

    // The queue goes on in its order: the unit of a cancelled order goes to the first waiting ticket.
    assertThat(Shop.cancel(restarted.httpPort(), orderIds.get(0)).status()).isEqualTo(200);
    String first = before.entrySet().stream().filter(entry -> entry.getValue().path("position").asInt() == 1)
        .map(Map.Entry::getKey).findFirst().orElseThrow();
    await("the first waiting ticket admitted").atMost(Duration.ofSeconds(5)).until(() ->
        ticket(restarted.httpPort(), saleId, ticketOfUser.get(first)).path("status").asText().equals("ADMITTED"));
    assertThat(tickets(restarted.httpPort(), saleId, ticketOfUser).values().stream()
        .filter(ticket -> ticket.path("status").asText().equals("ADMITTED"))).hasSize(1);
  }

  private static String createSaleWithRoom(int port) {
    String saleId = Shop.newId("room-sale");
    ObjectNode sale = Http.JSON.createObjectNode()
        .put("saleId", saleId).put("name", "Waiting room IT")
        .put("startsAt", Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString())
        .put("endsAt", Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString())
        .put("perUserLimit", 1).put("paymentWindowSeconds", 900);
    sale.putObject("waitingRoom").put("admitPerSecond", 20).put("admissionSeconds", 600);
    sale.putArray("products").addObject().put("productId", "tv").put("name", "TV").put("price", "499.00")
        .put("currency", "EUR").put("stock", STOCK);
    Http.Reply created = Http.post(port, "/api/admin/sales", sale.toString(), "Authorization", "Bearer " + ItCluster.ADMIN_TOKEN);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return saleId;
  }

  /** The crowd joins at once, half through each member; returns each user's ticket id. */
  private static Map<String, String> joinThroughBothMembers(String saleId, List<MemberProcess> members) throws Exception {
    Map<String, Future<Http.Reply>> joins = new LinkedHashMap<>();
    try (ExecutorService crowd = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < CROWD; i++) {
        String user = Shop.newId("queuer" + i);
        int port = members.get(i % members.size()).httpPort();
        joins.put(user, crowd.submit(() -> Http.post(port, "/api/sales/" + saleId + "/queue", Shop.orderBody(user, "tv", 1))));
      }
      Map<String, String> ticketOfUser = new LinkedHashMap<>();
      for (Map.Entry<String, Future<Http.Reply>> join : joins.entrySet()) {
        Http.Reply reply = join.getValue().get();
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        ticketOfUser.put(join.getKey(), reply.json().path("ticketId").asText());
      }
      return ticketOfUser;
    }
  }

  /** Waits for the stock's worth of admissions, and places an order with each; returns the order ids. */
  private static List<String> placeWithEveryAdmission(String saleId, int port, Map<String, String> ticketOfUser) {
    await("the stock admitted").atMost(SETTLED).until(() -> tickets(port, saleId, ticketOfUser).values().stream()
        .filter(ticket -> ticket.path("status").asText().equals("ADMITTED")).count() == STOCK);
    List<String> orderIds = new ArrayList<>();
    tickets(port, saleId, ticketOfUser).forEach((user, ticket) -> {
      if (ticket.path("status").asText().equals("ADMITTED")) {
        Http.Reply placed = Http.post(port, "/api/sales/" + saleId + "/orders", Shop.orderBody(user, "tv", 1),
            "X-Admission", ticket.path("admissionToken").asText());
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        orderIds.add(placed.json().path("orderId").asText());
      }
    });
    return orderIds;
  }

  private static Map<String, JsonNode> tickets(int port, String saleId, Map<String, String> ticketOfUser) {
    Map<String, JsonNode> tickets = new LinkedHashMap<>();
    ticketOfUser.forEach((user, ticketId) -> tickets.put(user, ticket(port, saleId, ticketId)));
    return tickets;
  }

  private static JsonNode ticket(int port, String saleId, String ticketId) {
    Http.Reply reply = Http.get(port, "/api/sales/" + saleId + "/queue/" + ticketId);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    ObjectNode ticket = (ObjectNode) reply.json();
    // The product's live units move with the sale; the ticket itself is what must survive.
    ticket.remove("available");
    return ticket;
  }

  private static Map<Long, String> statuses(Map<String, JsonNode> tickets) {
    Map<Long, String> bySeq = new java.util.TreeMap<>();
    tickets.values().forEach(ticket -> bySeq.put(Long.parseLong(ticket.path("ticketId").asText().split("-")[1]),
        ticket.path("status").asText()));
    return bySeq;
  }

  private Map<Long, String> storedStatuses(String saleId) {
    Map<Long, String> bySeq = new java.util.TreeMap<>();
    cluster.database.rows("SELECT seq, status FROM tickets WHERE sale_id = ?", saleId)
        .forEach(row -> bySeq.put(((Number) row.get("seq")).longValue(), (String) row.get("status")));
    return bySeq;
  }
}
